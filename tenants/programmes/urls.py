from django.urls import include, path

from tenants.programmes import views, views_duty

app_name = "programmes"
urlpatterns = [
    path("", views.home, name="home"),
    path("instantiate/", views.programme_instantiate, name="instantiate"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/targets/", views.target_set, name="target_set"),
    path("items/<int:pk>/report/", views.report_form, name="report_form"),
    path("reports/review/", views.review_list, name="review"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase.xlsx", views.showcase_xlsx, name="showcase_xlsx"),
    path("showcase.docx", views.showcase_docx, name="showcase_docx"),
    path("appraisals/", views.appraisals, name="appraisals"),
    path("appraisals/<int:pk>/", views.appraisal_detail, name="appraisal"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("members/", include(views_duty.urls)),
    path("history/", views.history, name="history"),
]
