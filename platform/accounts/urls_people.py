from django.urls import path

from accounts import people

app_name = "people"
urlpatterns = [
    path("", people.people, name="list"),
    path("new/", people.person_new, name="new"),
    path("<int:pk>/", people.person_edit, name="edit"),
    path("<int:pk>/active/", people.person_active, name="active"),
    path("<int:pk>/password/", people.person_password, name="password"),
    path("<int:pk>/reset-link/", people.person_reset_link, name="reset_link"),
]
