from django.urls import path

from shared.materials import api

urlpatterns = [
    path("materials/", api.MaterialListApi.as_view(), name="api-materials"),
    path("materials/extract/", api.MaterialExtractApi.as_view(), name="api-material-extract"),
    path("materials/themes/", api.ThemeListApi.as_view(), name="api-material-themes"),
    path("materials/occasions/", api.OccasionListApi.as_view(), name="api-material-occasions"),
    path("materials/compilations/", api.CompilationListApi.as_view(), name="api-compilations"),
    path("materials/compilations/split/", api.CompilationSplitApi.as_view(), name="api-compilation-split"),
    path("materials/compilations/<int:pk>/", api.CompilationDetailApi.as_view(), name="api-compilation"),
    path("materials/<int:pk>/", api.MaterialDetailApi.as_view(), name="api-material"),
    path("materials/<int:pk>/share/", api.MaterialShareApi.as_view(), name="api-material-share"),
]
