from django.urls import path

from tenants.structure import views

app_name = "structure"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("leaders/", views.leaders, name="leaders"),
    path("members/", views.members, name="members"),
]
