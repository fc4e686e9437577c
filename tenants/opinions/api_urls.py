from django.urls import path

from tenants.opinions import api

urlpatterns = [
    path("opinions/", api.ReportListApi.as_view(), name="api-opinions"),
    path("opinions/<int:pk>/", api.ReportDetailApi.as_view(), name="api-opinion"),
    path("opinions/<int:pk>/edit/", api.ReportEditApi.as_view(), name="api-opinion-edit"),
    path("opinions/<int:pk>/decide/", api.ReportDecideApi.as_view(), name="api-opinion-decide"),
    path("opinions/<int:pk>/forward/", api.ReportForwardApi.as_view(), name="api-opinion-forward"),
    path("opinions/<int:pk>/adoption/", api.ReportAdoptionApi.as_view(), name="api-opinion-adoption"),
    path("opinions/<int:pk>/instruction/", api.ReportInstructionApi.as_view(), name="api-opinion-instruction"),
]
