from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from accounts import selectors, services
from accounts.client_address import client_address
from accounts.throttle import login_blocked, login_failure_record, login_failures_clear, retry_after_seconds


class LoginView(auth_views.LoginView):
    access_public = True
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def _who(self):
        return client_address(self.request), self.request.POST.get("username", "")

    def post(self, request, *args, **kwargs):
        address, username = self._who()
        if login_blocked(address=address, username=username):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试。"))
            response = self.render_to_response(self.get_context_data(form=form, blocked=True))
            response.status_code = 429
            response["Retry-After"] = str(retry_after_seconds())
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        address, username = self._who()
        login_failure_record(address=address, username=username)
        return super().form_invalid(form)

    def form_valid(self, form):
        address, username = self._who()
        login_failures_clear(address=address, username=username)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    access_public = True


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_lazy("名称"), max_length=100)


class ApiTokensView(LoginRequiredMixin, TemplateView):
    """访问令牌: the signed-in user's API tokens, a new one (its key shown once), revoke buttons."""

    access_public = True  # any signed-in user, on any host (LoginRequiredMixin sends others to sign in)
    template_name = "accounts/tokens.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["tokens"] = [(token, token.state(now)) for token in selectors.api_token_list(user=self.request.user)]
        context.setdefault("form", ApiTokenForm())
        context["token_days"] = settings.CPPCC_TOKEN_DAYS
        return context

    def post(self, request, *args, **kwargs):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        return self.render_to_response(self.get_context_data(new_token=token, new_key=key))


class ApiTokenRevokeView(LoginRequiredMixin, View):
    access_public = True
    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = selectors.api_token_get(user=request.user, pk=pk)
        if token is None:
            raise Http404
        services.api_token_revoke(token=token)
        messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
        return redirect("account-tokens")
