"""Pages of the annual appraisal (年评比): list and create, ranking, one score grid per criterion,
publication, and the two files it is exported as. All writes go through services."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from operations.downloads import DOCX, XLSX, download_audited
from roles.enforcement import request_access
from roles.policy import Capability
from tenants.programmes import selectors, selectors_appraisal
from tenants.programmes.exports_appraisal import appraisal_docx, appraisal_xlsx
from tenants.programmes.forms import AppraisalCreateForm
from tenants.programmes.models import Criterion
from tenants.programmes.services import appraisal as services
from ui.htmx import form_errors_add, form_messages

READ_ADMINISTER = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "POST": Capability.ADMINISTER}


def _can_administer(request) -> bool:
    return request_access(request).allows(Capability.ADMINISTER)


def _appraisal_or_404(pk: int):
    appraisal = selectors.appraisal_list().filter(pk=pk).first()
    if appraisal is None:
        raise Http404
    return appraisal


def _status_text(publication) -> str:
    if publication is None:
        return _("未发布（评分可修改）")
    return _("已发布 %(d)s · %(who)s") % {"d": date_format(timezone.localtime(publication.at), "DATE_FORMAT"),
                                          "who": publication.user_name}


def appraisals(request):
    form = AppraisalCreateForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            appraisal = services.appraisal_create(
                actor=request.user, year=form.cleaned_data["year"], title=form.cleaned_data["title"],
                criteria=form.criteria(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return redirect("programmes:appraisal", pk=appraisal.pk)
    errors = form_messages(form) if form.is_bound else []
    return render(request, "programmes/appraisals.html", {
        "appraisals": selectors.appraisal_list(), "published": selectors_appraisal.appraisal_published_ids(),
        "errors": errors,
        "sources": Criterion.Source.choices, "this_year": timezone.localdate().year,
        "can_administer": _can_administer(request),
    }, status=400 if errors else 200)


appraisals.access_capability = READ_ADMINISTER


def appraisal_detail(request, pk: int):
    """The ranking; the office computes the automatic scores here (a POST)."""
    appraisal = _appraisal_or_404(pk)
    errors = []
    if request.method == "POST":
        try:
            count = services.appraisal_compute(actor=request.user, appraisal=appraisal)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("已计算 %(n)d 项自动评分；人工评分未改动。") % {"n": count})
            return redirect("programmes:appraisal", pk=pk)
    publication = selectors_appraisal.appraisal_publication(appraisal)
    return render(request, "programmes/appraisal.html", {
        "appraisal": appraisal, "criteria": list(appraisal.criteria.all()),
        "ranking": selectors_appraisal.appraisal_ranking(appraisal), "errors": errors,
        "publication": publication, "status": _status_text(publication),
        "can_administer": _can_administer(request),
        "history": selectors.changelog_for(appraisal)[:20],
    }, status=400 if errors else 200)


appraisal_detail.access_capability = READ_ADMINISTER


def appraisal_scores(request, pk: int, criterion_pk: int):
    """One criterion's grid: every unit's score in one form (automatic criteria are shown, not edited)."""
    appraisal = _appraisal_or_404(pk)
    criterion = appraisal.criteria.filter(pk=criterion_pk).first()
    if criterion is None:
        raise Http404
    rows = selectors_appraisal.appraisal_grid(criterion)
    typed: dict[int, str] = {}
    cell_errors: dict[int, list[str]] = {}
    errors: list[str] = []
    if request.method == "POST":
        typed = {row.unit.pk: request.POST.get(f"score_{row.unit.pk}", "") for row in rows}
        try:
            changed = services.unit_scores_set(actor=request.user, criterion=criterion, scores=typed)
        except ValidationError as error:
            by_key = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for key, texts in by_key.items():
                if key.startswith("score_") and key[6:].isdigit():
                    cell_errors[int(key[6:])] = texts
                errors.extend(texts)
        else:
            messages.success(request, _("已保存“%(c)s”评分：%(n)d 个委室有变动。") % {"c": criterion.name, "n": changed})
            return redirect("programmes:appraisal", pk=pk)
    publication = selectors_appraisal.appraisal_publication(appraisal)
    grid = [{
        "unit": row.unit, "score": row.score,
        "typed": typed.get(row.unit.pk, "" if row.score is None else row.score),
        "errors": cell_errors.get(row.unit.pk, []),
    } for row in rows]
    return render(request, "programmes/appraisal_scores.html", {
        "appraisal": appraisal, "criterion": criterion, "grid": grid, "errors": errors,
        "editable": criterion.source == Criterion.Source.MANUAL and publication is None and _can_administer(request),
        "publication": publication, "status": _status_text(publication),
    }, status=400 if errors else 200)


appraisal_scores.access_capability = READ_ADMINISTER


def appraisal_publish(request, pk: int):
    """Publish and lock (a POST); asked with GET it shows the appraisal's page."""
    if request.method != "POST":
        return appraisal_detail(request, pk)
    appraisal = _appraisal_or_404(pk)
    try:
        services.appraisal_publish(actor=request.user, appraisal=appraisal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(t)s”已发布，评分已锁定。") % {"t": appraisal.title})
    return redirect("programmes:appraisal", pk=pk)


appraisal_publish.access_capability = READ_ADMINISTER


def _export_context(appraisal):
    publication = selectors_appraisal.appraisal_publication(appraisal)
    return {"criteria": list(appraisal.criteria.all()), "ranking": selectors_appraisal.appraisal_ranking(appraisal),
            "status": _status_text(publication)}


def appraisal_xlsx_download(request, pk: int):
    appraisal = _appraisal_or_404(pk)
    return download_audited(request, appraisal_xlsx(appraisal, **_export_context(appraisal)),
                            filename=f"appraisal-{appraisal.year}-{appraisal.pk}.xlsx", content_type=XLSX,
                            kind="appraisal_xlsx", detail={"appraisal": appraisal.pk})


def appraisal_docx_download(request, pk: int):
    appraisal = _appraisal_or_404(pk)
    name = getattr(connection.tenant, "name", "")
    return download_audited(request, appraisal_docx(appraisal, organisation_name=name, **_export_context(appraisal)),
                            filename=f"appraisal-{appraisal.year}-{appraisal.pk}.docx", content_type=DOCX,
                            kind="appraisal_docx", detail={"appraisal": appraisal.pk})
