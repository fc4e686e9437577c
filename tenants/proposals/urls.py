from django.urls import path

from tenants.proposals import views, views_benchmark, views_handling, views_public, views_reports

app_name = "proposals"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.proposal_new, name="new"),
    path("import/", views.proposal_import, name="import"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/invite/", views.proposal_invite, name="invite"),
    path("<int:pk>/respond/", views.proposal_respond, name="respond"),
    path("<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("<int:pk>/decide/", views.proposal_decide, name="decide"),
    path("<int:pk>/key/", views.proposal_key, name="key"),
    path("<int:pk>/assign/", views.proposal_assign, name="assign"),
    path("<int:pk>/answers/<int:answer_pk>/review/", views.answer_review, name="answer_review"),
    path("<int:pk>/answers/<int:answer_pk>/rate/", views.answer_rate, name="answer_rate"),
    path("<int:pk>/changes/<int:request_pk>/decide/", views.change_decide, name="change_decide"),
    path("public/", views_public.public_list, name="public"),
    path("public/<int:pk>/", views_public.public_detail, name="public_detail"),
    path("<int:pk>/publish/", views_public.publish, name="publish"),
    path("statistics/", views_reports.statistics_page, name="statistics"),
    path("benchmark/<source>/<int:period_id>/", views_benchmark.benchmark_rows, name="benchmark_rows"),
    path("register.xlsx", views_reports.register_xlsx, name="register_xlsx"),
    path("<int:pk>/proposal.docx", views_reports.proposal_docx, name="docx"),
    path("<int:pk>/excellent/", views_reports.excellent_set, name="excellent"),
    path("handling/", views_handling.handling_home, name="handling"),
    path("handling/<int:pk>/", views_handling.handling_detail, name="handling_detail"),
    path("handling/<int:pk>/answer/", views_handling.answer_save, name="handling_answer"),
    path("handling/<int:pk>/countersign/", views_handling.countersign, name="handling_countersign"),
    path("handling/<int:pk>/change/", views_handling.change_request, name="handling_change"),
]
