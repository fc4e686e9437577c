from django.urls import path

from . import views

app_name = "benchmark"
urlpatterns = [
    path("", views.home, name="home"),
    path("league.xlsx", views.league_xlsx, name="league_xlsx"),
    path("methodology/", views.methodology, name="methodology"),
    path("methodology/<int:pk>/", views.methodology_detail, name="methodology_detail"),
    path("catch-up/", views.catch_up, name="catch_up"),
    path("catch-up/<int:organisation_id>/", views.catch_up_of, name="catch_up_of"),
    path("similar/", views.similar, name="similar"),
    path("trends/", views.trends, name="trends"),
    path("report/", views.report, name="report"),
    path("report/template.xlsx", views.report_template, name="report_template"),
    path("report/upload/", views.report_upload, name="report_upload"),
    path("review/", views.review, name="review"),
    path("review/committee/<int:organisation_id>/", views.review_committee, name="review_committee"),
    path("publish/", views.publish, name="publish"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
]
