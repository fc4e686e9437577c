"""The year's figures (提案工作报告) and the files: the register as .xlsx, a proposal with its answers as
.docx; the office's choice of 优秀提案."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from operations.downloads import download_audited
from roles.policy import Capability
from tenants.proposals import exports, selectors, statistics
from tenants.proposals.models import ProposalYear, Status
from tenants.proposals.services import review
from ui.htmx import int_or_none, redirect_after


def _year(request) -> ProposalYear | None:
    wanted = int_or_none(request.GET.get("year"))
    years = ProposalYear.objects.all()
    return (years.filter(year=wanted).first() if wanted else None) or years.first()


def statistics_page(request):
    year = _year(request)
    who = selectors.proposal_actor(request.user)
    context = {"year": year, "years": list(ProposalYear.objects.all()), "who": who,
               "figures": statistics.year_figures(year) if year else None}
    if year:
        context["excellent"] = list(selectors.proposals_visible(who).filter(year=year, is_excellent=True))
        context["candidates"] = list(selectors.proposals_visible(who).filter(
            year=year, status__in=statistics.ACCEPTED_STATES, is_excellent=False).order_by("number")[:300]) \
            if who.is_office else []
    return render(request, "proposals/statistics.html", context)


statistics_page.access_capability = Capability.VIEW


def register_xlsx(request):
    year = _year(request)
    if year is None:
        raise Http404
    content = exports.register_xlsx(year, statistics.year_figures(year))
    return download_audited(request, content, filename=_("%(year)s年度提案登记表.xlsx") % {"year": year.year},
                            content_type=exports.XLSX_CONTENT_TYPE, kind="proposal_register",
                            detail={"year": year.year}, ascii_name=f"proposals-{year.year}.xlsx")


register_xlsx.access_capability = Capability.EDIT


def proposal_docx(request, pk: int):
    who = selectors.proposal_actor(request.user)
    proposal = selectors.proposals_visible(who).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return download_audited(request, exports.proposal_docx(proposal),
                            filename=_("提案%(number)s.docx") % {"number": proposal.number or proposal.pk},
                            content_type=exports.DOCX_CONTENT_TYPE, kind="proposal_docx", detail={"proposal": pk},
                            ascii_name=f"proposal-{proposal.number or proposal.pk}.docx")


proposal_docx.access_capability = Capability.VIEW


def excellent_set(request, pk: int):
    who = selectors.proposal_actor(request.user)
    proposal = selectors.proposals_visible(who).filter(pk=pk).exclude(status=Status.DRAFT).first()
    if proposal is None:
        raise Http404
    if request.method != "POST":
        return statistics_page(request)
    url = reverse("proposals:statistics") + f"?year={proposal.year.year}"
    try:
        review.proposal_excellent_set(actor=request.user, proposal=proposal, excellent=request.POST.get("excellent") == "1")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("已更新优秀提案。"))
    return redirect_after(request, url)


excellent_set.access_capability = {"GET": Capability.VIEW, "POST": Capability.VIEW}
