from django.urls import path

from tenants.programmes.api import appraisal, duty_records, importing, programmes, reporting

urlpatterns = [
    path("programmes/", programmes.ProgrammeListApi.as_view(), name="api-programmes"),
    path("programmes/instantiate/", programmes.ProgrammeInstantiateApi.as_view(), name="api-programme-instantiate"),
    path("programmes/<int:pk>/", programmes.ProgrammeDetailApi.as_view(), name="api-programme"),
    path("programme-templates/", programmes.TemplateListApi.as_view(), name="api-programme-templates"),
    path("programme-items/<int:pk>/", programmes.ItemDetailApi.as_view(), name="api-programme-item"),
    path("programme-items/<int:pk>/update/", programmes.ItemUpdateApi.as_view(), name="api-programme-item-update"),
    path("programme-items/<int:pk>/milestones/", programmes.MilestoneSetApi.as_view(), name="api-programme-item-milestone"),
    path("programme-items/<int:pk>/targets/", programmes.TargetSetApi.as_view(), name="api-programme-item-target"),
    path("programme-items/<int:pk>/reports/", reporting.ItemReportListApi.as_view(), name="api-programme-item-reports"),
    path("programme-items/<int:pk>/reports/file/", reporting.ReportFileApi.as_view(), name="api-programme-report-file"),
    path("programme-reports/review/", reporting.ReportReviewQueueApi.as_view(), name="api-programme-review-queue"),
    path("programme-reports/<int:pk>/return/", reporting.ReportReturnApi.as_view(), name="api-programme-report-return"),
    path("programme-reports/<int:pk>/accept/", reporting.ReportAcceptApi.as_view(), name="api-programme-report-accept"),
    path("programme-showcase/", reporting.ShowcaseApi.as_view(), name="api-programme-showcase"),
    path("programme-appraisals/", appraisal.AppraisalListApi.as_view(), name="api-programme-appraisals"),
    path("programme-appraisals/create/", appraisal.AppraisalCreateApi.as_view(), name="api-programme-appraisal-create"),
    path("programme-appraisals/<int:pk>/", appraisal.AppraisalRankingApi.as_view(), name="api-programme-appraisal"),
    path("programme-appraisals/<int:pk>/compute/", appraisal.AppraisalComputeApi.as_view(), name="api-programme-appraisal-compute"),
    path("programme-appraisals/<int:pk>/criteria/<int:criterion_pk>/scores/", appraisal.AppraisalScoresSetApi.as_view(), name="api-programme-appraisal-scores"),
    path("programme-appraisals/<int:pk>/publish/", appraisal.AppraisalPublishApi.as_view(), name="api-programme-appraisal-publish"),
    path("programme-import/preview/", importing.ImportPreviewApi.as_view(), name="api-programme-import-preview"),
    path("programme-import/confirm/", importing.ImportConfirmApi.as_view(), name="api-programme-import-confirm"),
    path("programme-history/", programmes.ChangeLogListApi.as_view(), name="api-programme-history"),
    path("members/<int:pk>/duty-records/", duty_records.DutyRecordListApi.as_view(), name="api-member-duty-records"),
    path("members/<int:pk>/duty-records/add/", duty_records.DutyRecordAddApi.as_view(), name="api-member-duty-record-add"),
]
