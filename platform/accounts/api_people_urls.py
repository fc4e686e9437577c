from django.urls import path

from accounts import api_people

urlpatterns = [
    path("people/", api_people.PersonListApi.as_view(), name="api-people"),
    path("people/<int:pk>/", api_people.PersonDetailApi.as_view(), name="api-person"),
    path("people/<int:pk>/active/", api_people.PersonActiveApi.as_view(), name="api-person-active"),
    path("people/<int:pk>/password/", api_people.PersonPasswordResetApi.as_view(), name="api-person-password"),
]
