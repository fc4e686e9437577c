from django.urls import path

from tenants.structure import views

app_name = "structure"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("leaders/", views.leaders, name="leaders"),
    path("members/", views.members, name="members"),
    path("members/import/", views.member_import_page, name="member_import"),
    path("members/import/confirm/", views.member_import_confirm, name="member_import_confirm"),
    path("members/import/template.xlsx", views.member_template, name="member_template"),
]
