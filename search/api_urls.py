from django.urls import path

from search import api

urlpatterns = [
    path("search/", api.SearchApi.as_view(), name="api-search"),
    path("search/related/<int:pk>/", api.RelatedApi.as_view(), name="api-search-related"),
]
