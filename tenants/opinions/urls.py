from django.urls import path

from tenants.opinions import views, views_benchmark

app_name = "opinions"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.report_new, name="new"),
    path("benchmark/<int:period_id>/", views_benchmark.benchmark_rows, name="benchmark_rows"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/decide/", views.report_decide, name="decide"),
    path("<int:pk>/forward/", views.report_forward, name="forward"),
    path("<int:pk>/adoption/", views.adoption_record, name="adoption"),
    path("<int:pk>/instruction/", views.instruction_record, name="instruction"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
]
