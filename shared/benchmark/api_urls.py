from django.urls import path

from . import api

urlpatterns = [
    path("benchmark/league/", api.LeagueTableApi.as_view(), name="api-benchmark-league"),
    path("benchmark/catch-up/", api.CatchUpApi.as_view(), name="api-benchmark-catch-up"),
    path("benchmark/catch-up/<int:organisation_id>/", api.CatchUpApi.as_view(), name="api-benchmark-catch-up-of"),
    path("benchmark/values/", api.ValuesApi.as_view(), name="api-benchmark-values"),
]
