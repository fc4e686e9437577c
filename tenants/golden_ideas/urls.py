from django.urls import path

from tenants.golden_ideas import views

app_name = "golden_ideas"
urlpatterns = [
    path("", views.home, name="home"),
    path("selections/open/", views.selection_open, name="selection_open"),
    path("selections/<int:pk>/", views.selection_board, name="selection"),
    path("selections/<int:pk>/recommend/", views.idea_new, name="idea_new"),
    path("selections/<int:pk>/commendations.xlsx", views.commendation_xlsx, name="commendation_xlsx"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea"),
    path("ideas/<int:pk>/review/", views.idea_review, name="idea_review"),
    path("ideas/<int:pk>/stage/", views.idea_advance, name="idea_advance"),
    path("ideas/<int:pk>/sharing/", views.idea_share, name="idea_share"),
    path("ideas/<int:pk>/form.docx", views.idea_docx, name="idea_docx"),
]
