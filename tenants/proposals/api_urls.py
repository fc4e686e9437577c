from django.urls import path

from tenants.proposals.api import handling, proposals

urlpatterns = [
    path("proposals/", proposals.ProposalListApi.as_view(), name="api-proposals"),
    path("proposals/<int:pk>/", proposals.ProposalDetailApi.as_view(), name="api-proposal"),
    path("proposals/<int:pk>/update/", proposals.ProposalUpdateApi.as_view(), name="api-proposal-update"),
    path("proposals/<int:pk>/invite/", proposals.ProposalInviteApi.as_view(), name="api-proposal-invite"),
    path("proposals/<int:pk>/respond/", proposals.ProposalRespondApi.as_view(), name="api-proposal-respond"),
    path("proposals/<int:pk>/submit/", proposals.ProposalSubmitApi.as_view(), name="api-proposal-submit"),
    path("proposals/<int:pk>/decide/", proposals.ProposalDecideApi.as_view(), name="api-proposal-decide"),
    path("proposals/<int:pk>/key/", proposals.ProposalKeyApi.as_view(), name="api-proposal-key"),
    path("proposals/<int:pk>/assign/", proposals.ProposalAssignApi.as_view(), name="api-proposal-assign"),
    path("proposals/<int:pk>/answers/<int:answer_pk>/review/", proposals.AnswerReviewApi.as_view(),
         name="api-proposal-answer-review"),
    path("proposals/<int:pk>/answers/<int:answer_pk>/rate/", proposals.AnswerRateApi.as_view(),
         name="api-proposal-answer-rate"),
    path("proposals/<int:pk>/changes/<int:request_pk>/decide/", proposals.ChangeDecideApi.as_view(),
         name="api-proposal-change-decide"),
    path("proposal-handling/", handling.HandlingAssignmentListApi.as_view(), name="api-proposal-handling"),
    path("proposal-handling/<int:pk>/", handling.HandlingAssignmentDetailApi.as_view(),
         name="api-proposal-handling-detail"),
    path("proposal-handling/<int:pk>/answer/", handling.HandlingAnswerSaveApi.as_view(),
         name="api-proposal-handling-answer"),
    path("proposal-handling/<int:pk>/answer/submit/", handling.HandlingAnswerSubmitApi.as_view(),
         name="api-proposal-handling-answer-submit"),
    path("proposal-handling/<int:pk>/countersign/", handling.HandlingCountersignApi.as_view(),
         name="api-proposal-handling-countersign"),
    path("proposal-handling/<int:pk>/change/", handling.HandlingChangeRequestApi.as_view(),
         name="api-proposal-handling-change"),
]
