from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read/", views.mark_read, name="read"),
    path("settings/", views.preference, name="preference"),
]
