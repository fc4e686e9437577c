from django.urls import path

from . import views

app_name = "opinion_exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
]
