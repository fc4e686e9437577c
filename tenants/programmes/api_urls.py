from django.urls import path

from tenants.programmes import api

urlpatterns = [
    path("programmes/", api.ProgrammeListApi.as_view(), name="api-programmes"),
    path("programmes/instantiate/", api.ProgrammeInstantiateApi.as_view(), name="api-programme-instantiate"),
    path("programmes/<int:pk>/", api.ProgrammeDetailApi.as_view(), name="api-programme"),
    path("programme-templates/", api.TemplateListApi.as_view(), name="api-programme-templates"),
    path("programme-items/<int:pk>/", api.ItemDetailApi.as_view(), name="api-programme-item"),
    path("programme-items/<int:pk>/update/", api.ItemUpdateApi.as_view(), name="api-programme-item-update"),
    path("programme-items/<int:pk>/milestones/", api.MilestoneSetApi.as_view(), name="api-programme-item-milestone"),
    path("programme-items/<int:pk>/targets/", api.TargetSetApi.as_view(), name="api-programme-item-target"),
    path("programme-items/<int:pk>/reports/", api.ItemReportListApi.as_view(), name="api-programme-item-reports"),
    path("programme-items/<int:pk>/reports/file/", api.ReportFileApi.as_view(), name="api-programme-report-file"),
    path("programme-reports/review/", api.ReportReviewQueueApi.as_view(), name="api-programme-review-queue"),
    path("programme-reports/<int:pk>/return/", api.ReportReturnApi.as_view(), name="api-programme-report-return"),
    path("programme-reports/<int:pk>/accept/", api.ReportAcceptApi.as_view(), name="api-programme-report-accept"),
    path("programme-showcase/", api.ShowcaseApi.as_view(), name="api-programme-showcase"),
    path("programme-appraisals/", api.AppraisalListApi.as_view(), name="api-programme-appraisals"),
    path("programme-appraisals/create/", api.AppraisalCreateApi.as_view(), name="api-programme-appraisal-create"),
    path("programme-appraisals/<int:pk>/", api.AppraisalRankingApi.as_view(), name="api-programme-appraisal"),
    path("programme-appraisals/<int:pk>/compute/", api.AppraisalComputeApi.as_view(), name="api-programme-appraisal-compute"),
    path("programme-import/preview/", api.ImportPreviewApi.as_view(), name="api-programme-import-preview"),
    path("programme-import/confirm/", api.ImportConfirmApi.as_view(), name="api-programme-import-confirm"),
    path("programme-history/", api.ChangeLogListApi.as_view(), name="api-programme-history"),
    path("members/<int:pk>/duty-records/", api.DutyRecordListApi.as_view(), name="api-member-duty-records"),
    path("members/<int:pk>/duty-records/add/", api.DutyRecordAddApi.as_view(), name="api-member-duty-record-add"),
]
