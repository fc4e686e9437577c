from django.urls import path

from shared.materials import compilation_views, views

app_name = "materials"
urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.material_upload, name="upload"),
    path("<int:pk>/", views.material_detail, name="detail"),
    path("<int:pk>/file/", views.material_file, name="file"),
    path("<int:pk>/edit/", views.material_edit, name="edit"),
    path("<int:pk>/share/", views.material_share, name="share"),
    path("<int:pk>/delete/", views.material_delete, name="delete"),
    path("<int:pk>/credit/", views.material_credit, name="credit"),
    path("compilations/", views.compilation_list, name="compilations"),
    path("compilations/upload/", compilation_views.compilation_upload, name="compilation_upload"),
    path("compilations/new/", views.compilation_new, name="compilation_new"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation_detail"),
    path("compilations/<int:pk>/export/", views.compilation_export, name="compilation_export"),
    path("compilations/<int:pk>/delete/", views.compilation_delete, name="compilation_delete"),
]
