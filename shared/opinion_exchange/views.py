"""The province's page of the social-conditions reports its committees forwarded to it (报送省政协).

Provincial officers on the province's own site read them and record the province's adoption, which
the committee then sees on its own report; anyone else is sent to the workspace with a message."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from roles.policy import Capability
from ui.htmx import form_errors_add, form_messages, redirect_after

from . import selectors, services
from .models import ForwardedReport

STATES = [("", gettext_lazy("全部")), ("waiting", gettext_lazy("未采用")), ("adopted", gettext_lazy("省政协已采用"))]


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=gettext_lazy("采用日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"required": gettext_lazy("请填写采用日期。"),
                                                 "invalid": gettext_lazy("请填写有效的日期。")})
    issue = forms.CharField(label=gettext_lazy("省政协刊物期号"), max_length=50,
                            error_messages={"required": gettext_lazy("请填写省政协刊物的期号。")})


def _province_or_refuse(request):
    province = selectors.exchange_province(request.user)
    if province is None:
        messages.info(request, _("报送省政协的社情民意信息由省政协工作人员在省政协的网站上查看。"))
    return province


def home(request, form_for: tuple[int, AdoptForm] | None = None, status: int = 200):
    province = _province_or_refuse(request)
    if province is None:
        return redirect("home")
    state = request.GET.get("state", "")
    rows = selectors.forwarded_to_province(province, state=state if state in dict(STATES) else "")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "opinion_exchange/home.html", {
        "province": province, "page": page, "state": state, "states": STATES,
        "form_for": form_for[0] if form_for else None, "adopt_form": form_for[1] if form_for else AdoptForm(),
    }, status=status)


def adopt(request, pk: int):
    if request.method != "POST":
        raise Http404  # a form's target, not a page
    province = _province_or_refuse(request)
    if province is None:
        return redirect("home")
    forwarded = get_object_or_404(ForwardedReport.objects.select_related("organisation"), pk=pk,
                                  organisation__province=province)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.province_adopt(actor=request.user, forwarded=forwarded, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已登记省政协采用，报送的政协会收到通知。"))
            return redirect_after(request, reverse("opinion_exchange:home"))
    for text in form_messages(form):
        messages.error(request, text)
    return home(request, form_for=(forwarded.pk, form), status=400)


# Reading needs VIEW only (the views send anyone but the province's officers away, as the network view
# does); recording an adoption needs the officer's CONSOLE.
home.access_capability = Capability.VIEW
adopt.access_capability = {"GET": Capability.VIEW, "POST": Capability.CONSOLE}
