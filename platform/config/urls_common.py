"""URLs every host answers: sign-in (and the network's, accounts.signin), the account, language, API schema and docs."""
from django.urls import path
from django.views.i18n import set_language
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import ApiTokenListApi, ApiTokenRevokeApi, MeApi, TokenObtainApi
from accounts.signin import views as signin
from accounts.views import ApiTokenRevokeView, ApiTokensView, LoginView, LogoutView

set_language.access_public = True


class SchemaView(SpectacularAPIView):
    access_public = True

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # The API of this host (the bare host's URLs are not ROOT_URLCONF's): the one its requests reach.
        self.urlconf = getattr(request, "urlconf", None) or self.urlconf
        return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerView):
    access_public = True


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("account/", signin.AccountView.as_view(), name="account"),
    path("account/password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", signin.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", signin.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", signin.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", signin.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("sso/start/", signin.SsoStartView.as_view(), name="sso-start"),
    path("sso/authorize/", signin.SsoAuthorizeView.as_view(), name="sso-authorize"),
    path("sso/accept/", signin.SsoAcceptView.as_view(), name="sso-accept"),
    path("api/me/", MeApi.as_view(), name="api-me"),
    path("account/tokens/", ApiTokensView.as_view(), name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", ApiTokenRevokeView.as_view(), name="account-token-revoke"),
    path("api/token/", TokenObtainApi.as_view(), name="api-token"),
    path("api/tokens/", ApiTokenListApi.as_view(), name="api-tokens"),
    path("api/tokens/<int:pk>/", ApiTokenRevokeApi.as_view(), name="api-token-revoke"),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
