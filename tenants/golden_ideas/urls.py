from django.urls import path  # noqa: F401

app_name = "golden_ideas"
urlpatterns: list = []
