from urllib.parse import parse_qs, urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from accounts import selectors, services
from accounts.client_address import client_address
from accounts.signin import sso
from accounts.throttle import login_blocked, login_failure_record, login_failures_clear, retry_after_seconds
from roles.enforcement import is_public_host


class LoginView(auth_views.LoginView):
    """登录, on every host; the platform host's is the network's central sign-in.

    On a committee's site, a visitor sent here from a page (``?next=``) is first
    asked about at the platform host (``accounts.signin.sso``): signed in there,
    they come back signed in here without a password; else they sign in on the
    platform's page. A password typed here instead signs in here and, for a
    person who works on other sites too, at the platform host as well (one more
    round of redirects), so that every site of theirs is signed in. An HTMX
    request (a partial after the session ended) gets the form, not a redirect
    to another site it could not follow."""

    access_public = True
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if (not request.user.is_authenticated and request.GET.get(self.redirect_field_name)
                and not is_public_host(request) and not request.headers.get("HX-Request")):
            destination = sso.safe_path(self.get_redirect_url() or None)
            return HttpResponseRedirect(sso.authorize_url(request, issuer=sso.platform_host(),
                                                          destination=destination))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_site"] = _site_asking(self.get_redirect_url()) if is_public_host(self.request) else None
        return context

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
        response = super().form_valid(form)
        sso.network_session_start(self.request)
        if not is_public_host(self.request) and sso.signs_in_elsewhere(form.get_user(), self.request.tenant):
            here = sso.host_of(self.request)
            query = urlencode({"from": here, "next": sso.site_url(self.request, here, self.get_success_url())})
            return sso_continue(self.request, sso.site_url(self.request, sso.platform_host(), "/sso/start/?" + query))
        if urlsplit(self.get_success_url()).path.startswith("/sso/"):
            return sso_continue(self.request, self.get_success_url())
        return response


def sso_continue(request, url: str):
    """A page that goes on to `url` by itself (a meta refresh, and a link).

    Not a redirect: the Content-Security-Policy's ``form-action 'self'`` also
    covers the redirects that follow a form's submission, so the sign-in form
    must not redirect to another site; the next request is a new navigation."""
    return render(request, "accounts/sso_continue.html", {"continue_url": url})


def _site_asking(next_url: str) -> str | None:
    """The name of the committee whose site sent the visitor to the central sign-in, if any."""
    parts = urlsplit(next_url or "")
    if parts.path != "/sso/authorize/":
        return None
    domain = sso.site_domain(parse_qs(parts.query).get("site", [""])[0])
    return domain.tenant.name if domain is not None and not sso.is_platform(domain) else None


class LogoutView(auth_views.LogoutView):
    """退出: signs out of every site of this network session (``accounts.signin.sso.network_sign_out``)."""

    access_public = True

    def post(self, request, *args, **kwargs):
        network_id = sso.network_session_of(request)
        response = super().post(request, *args, **kwargs)
        sso.network_sign_out(network_id=network_id)
        return response


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
        try:
            token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
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
