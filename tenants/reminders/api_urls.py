from django.urls import path

from tenants.reminders import api

urlpatterns = [
    path("deadlines/", api.DeadlineListApi.as_view(), name="api-deadlines"),
]
