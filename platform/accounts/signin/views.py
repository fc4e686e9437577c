"""Pages of the account (我的账号), passwords and the network sign-in's redirects.

The three redirects of one sign-in for the network (ARCHITECTURE.md):

- ``/sso/start/?from=<issuer>&next=…`` on the site that wants a sign-in: keeps a
  state in this browser's session and asks the issuer;
- ``/sso/authorize/?site=<receiver>&state=…&next=…`` on the issuer (the platform
  host for a committee's site; a committee's site only for the platform host):
  signs in first if needed (the platform's sign-in page), then sends a ticket;
- ``/sso/accept/?ticket=…`` on the receiver: redeems it, refuses a person
  without a role on this committee (the forbidden page), signs in.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, redirect_to_login
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.client_address import client_address
from accounts.models import Membership, Role, User
from accounts.signin import passwords, sso
from accounts.signin.sections import account_sections
from accounts.throttle import retry_after_seconds
from roles.enforcement import is_public_host
from roles.policy import Capability, access_in
from tenancy.models import Domain, Organisation

BACKEND = "django.contrib.auth.backends.ModelBackend"


def refused(request, status: int = 400):
    """The page of a sign-in link that does not work (bad, used, expired, another site's)."""
    return render(request, "accounts/sso_refused.html", status=status)


def _destination_for(receiver: Domain, value: str | None) -> str:
    """Where a receiver may land: a path of its own; the platform also a registered site's URL."""
    if sso.is_platform(receiver) and value and not value.startswith("/"):
        return sso.registered_url(value) or "/"
    return sso.safe_path(value)


class SsoStartView(View):
    access_public = True
    http_method_names = ["get"]

    def get(self, request):
        issuer = sso.site_domain(request.GET.get("from", ""))
        if issuer is None or issuer.domain == sso.host_of(request):
            return refused(request)
        here = sso.site_domain(sso.host_of(request))
        destination = _destination_for(here, request.GET.get("next")) if here else "/"
        # even when someone is signed in here already: the issuer's person replaces them
        return HttpResponseRedirect(sso.authorize_url(request, issuer=issuer.domain, destination=destination))


class SsoAuthorizeView(View):
    access_public = True
    http_method_names = ["get"]

    def get(self, request):
        receiver = sso.site_domain(request.GET.get("site", ""))
        state = request.GET.get("state", "")
        here = sso.host_of(request)
        if receiver is None or receiver.domain == here or not state:
            return refused(request)
        platform_here = is_public_host(request)
        if not platform_here and not sso.is_platform(receiver):
            return refused(request)  # a committee's site vouches only to the platform
        if not request.user.is_authenticated:
            if platform_here:
                return redirect_to_login(request.get_full_path())
            return refused(request)
        network_id = sso.network_session_of(request) or sso.network_session_start(request)
        ticket = sso.ticket_issue(user=request.user, network_id=network_id, site=receiver.domain, state=state,
                                  destination=_destination_for(receiver, request.GET.get("next")))
        return HttpResponseRedirect(sso.site_url(request, receiver.domain,
                                                 "/sso/accept/?" + urlencode({"ticket": ticket})))


class SsoAcceptView(View):
    access_public = True
    http_method_names = ["get"]

    def get(self, request):
        row = sso.ticket_redeem(request, ticket=request.GET.get("ticket", ""))
        if row is None:
            return refused(request)
        here = sso.site_domain(sso.host_of(request))
        if not is_public_host(request) and not access_in(row.user, request.tenant).is_member:
            return render(request, "ui/forbidden.html", {"capability": Capability.VIEW}, status=403)
        login(request, row.user, backend=BACKEND)
        sso.network_session_join(request, row.network_id)
        return HttpResponseRedirect(_destination_for(here, row.destination) if here else "/")


def _sites(request, user: User) -> list[dict]:
    """The sites where the user has a role (a provincial officer: every committee of the province),
    with their address on this deployment."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation")
                       .order_by("organisation__region_code", "role"))
    held = [(m.organisation, m.get_role_display()) for m in memberships]
    provinces = [m.organisation_id for m in memberships if m.role == Role.PROVINCIAL_OFFICER]
    if provinces:
        officer = Role(Role.PROVINCIAL_OFFICER).label
        network = Organisation.objects.filter(province_id__in=provinces).order_by("region_code")
        held += [(organisation, officer) for organisation in network]
    domains = dict(Domain.objects.filter(tenant_id__in={o.id for o, _ in held}, is_primary=True)
                   .values_list("tenant_id", "domain"))
    sites: dict[int, dict] = {}
    for organisation, role in held:
        entry = sites.setdefault(organisation.id, {
            "organisation": organisation, "roles": [],
            "url": sso.site_url(request, domains[organisation.id], "/") if organisation.id in domains else None,
        })
        if role not in entry["roles"]:
            entry["roles"].append(role)
    return list(sites.values())


class AccountView(LoginRequiredMixin, TemplateView):
    """我的账号: who I am, my sites, my password, my tokens, and the sections apps add."""

    access_public = True  # any signed-in user, on any host
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sites"] = _sites(self.request, self.request.user)
        context["sections"] = account_sections()
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: the old one, a new one twice; other browsers are signed out, tokens revoked."""

    access_public = True  # any signed-in user (the view itself asks for a sign-in)
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def get_success_url(self):
        """Where the person was going when a temporary password sent them here (a path of this site)."""
        wanted = self.request.GET.get("next", "")
        if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={self.request.get_host()},
                                                      require_https=self.request.is_secure()):
            return wanted
        return super().get_success_url()

    def form_valid(self, form):
        user = form.user
        with transaction.atomic():  # a password of their own: no longer a temporary one
            passwords.password_set(user=user, password=form.cleaned_data["new_password1"],
                                   keep_session_key=self.request.session.session_key,
                                   keep_network_id=sso.network_session_of(self.request))
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("密码已修改。其他设备上的登录已退出，访问令牌已全部撤销。"))
        return HttpResponseRedirect(self.get_success_url())


class ResetForm(PasswordResetForm):
    email = forms.EmailField(label=_lazy("电子邮箱"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        """Active accounts with this address, with or without a password yet (a new account's first)."""
        return User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(email="")


class PasswordResetView(auth_views.PasswordResetView):
    """找回密码: the same answer whether the address names an account or not; throttled."""

    access_public = True
    form_class = ResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = passwords.RESET_EMAIL_TEMPLATE
    subject_template_name = passwords.RESET_SUBJECT_TEMPLATE

    def form_valid(self, form):
        address, email = client_address(self.request), form.cleaned_data["email"]
        if passwords.reset_blocked(address=address, email=email):
            form.add_error(None, _("请求过于频繁，请 15 分钟后再试。"))
            response = self.render_to_response(self.get_context_data(form=form, blocked=True), status=429)
            response["Retry-After"] = str(retry_after_seconds())
            return response
        passwords.reset_request_record(address=address, email=email)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    access_public = True
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail: works once (the token holds the password's hash), only for an active account."""

    access_public = True
    template_name = "registration/password_reset_confirm.html"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        passwords.password_set(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    access_public = True
    template_name = "registration/password_reset_complete.html"
