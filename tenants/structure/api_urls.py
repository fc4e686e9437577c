from django.urls import path

from tenants.structure import api

urlpatterns = [
    path("units/", api.UnitListApi.as_view(), name="api-units"),
    path("units/<int:pk>/", api.UnitDetailApi.as_view(), name="api-unit"),
    path("leaders/", api.LeaderListApi.as_view(), name="api-leaders"),
    path("members/", api.MemberListApi.as_view(), name="api-members"),
    path("members/<int:pk>/", api.MemberDetailApi.as_view(), name="api-member"),
    path("sectors/", api.SectorListApi.as_view(), name="api-sectors"),
]
