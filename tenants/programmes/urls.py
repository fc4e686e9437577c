from django.urls import include, path

from tenants.programmes import views, views_appraisal, views_duty, views_plan

app_name = "programmes"
urlpatterns = [
    path("", views.home, name="home"),
    path("instantiate/", views.programme_instantiate, name="instantiate"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/edit/", views_plan.programme_edit, name="programme_edit"),
    path("<int:pk>/sections/add/", views_plan.section_add, name="section_add"),
    path("<int:pk>/items/add/", views_plan.item_add, name="item_add"),
    path("<int:pk>/items/assign/", views_plan.items_assign, name="items_assign"),
    path("sections/<int:pk>/edit/", views_plan.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", views_plan.section_move, name="section_move"),
    path("sections/<int:pk>/remove/", views_plan.section_remove, name="section_remove"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views_plan.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views_plan.item_move, name="item_move"),
    path("items/<int:pk>/remove/", views_plan.item_remove, name="item_remove"),
    path("items/<int:pk>/milestones/", views_plan.item_milestones, name="item_milestones"),
    path("items/<int:pk>/targets/", views.target_set, name="target_set"),
    path("items/<int:pk>/report/", views.report_form, name="report_form"),
    path("reports/review/", views.review_list, name="review"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase.xlsx", views.showcase_xlsx, name="showcase_xlsx"),
    path("showcase.docx", views.showcase_docx, name="showcase_docx"),
    path("appraisals/", views_appraisal.appraisals, name="appraisals"),
    path("appraisals/<int:pk>/", views_appraisal.appraisal_detail, name="appraisal"),
    path("appraisals/<int:pk>/criteria/<int:criterion_pk>/", views_appraisal.appraisal_scores, name="appraisal_scores"),
    path("appraisals/<int:pk>/publish/", views_appraisal.appraisal_publish, name="appraisal_publish"),
    path("appraisals/<int:pk>/appraisal.xlsx", views_appraisal.appraisal_xlsx_download, name="appraisal_xlsx"),
    path("appraisals/<int:pk>/appraisal.docx", views_appraisal.appraisal_docx_download, name="appraisal_docx"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("members/", include(views_duty.urls)),
    path("history/", views.history, name="history"),
]
