from django.urls import path

from tenants.golden_ideas import api

urlpatterns = [
    path("golden-ideas/selections/", api.SelectionListApi.as_view(), name="api-golden-selections"),
    path("golden-ideas/selections/<int:pk>/ideas/", api.SelectionIdeasApi.as_view(), name="api-golden-selection-ideas"),
    path("golden-ideas/ideas/<int:pk>/", api.IdeaDetailApi.as_view(), name="api-golden-idea"),
    path("golden-ideas/ideas/<int:pk>/reviews/", api.IdeaReviewsApi.as_view(), name="api-golden-idea-reviews"),
    path("golden-ideas/ideas/<int:pk>/stage/", api.IdeaStageApi.as_view(), name="api-golden-idea-stage"),
    path("golden-ideas/ideas/<int:pk>/sharing/", api.IdeaSharingApi.as_view(), name="api-golden-idea-sharing"),
]
