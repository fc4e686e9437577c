from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("", views.home, name="home"),
    path("related/<int:pk>/", views.related, name="related"),
    path("document/<kind>/<schema>/<int:pk>/", views.document, name="document"),
]
