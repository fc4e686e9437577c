"""Pages of 比学赶超 on a committee's host: league tables, methodology, catch-up, similar committees, trends,
reporting, review and publication. Thin: selectors read, services write."""
from __future__ import annotations


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from operations.downloads import XLSX, download_audited
from roles.policy import Capability
from ui.htmx import form_errors_add, form_messages
from ui.numbers import decimal_read

from . import selectors, services, xlsx
from .composite import AGGREGATIONS, MISSING_RULES, NORMALISATIONS
from .models import Basis
from .forms import (
    IndicatorForm, IndicatorRetireForm, LeagueQueryForm, PeerGroupForm, PeriodQueryForm, PublishForm, ReportUploadForm, ReportValuesForm,
    TrendsQueryForm, ValuesReviewForm,
)

NORMALISATION_LABELS = {
    "min_max": gettext_lazy("极差标准化（min-max）"), "z_score": gettext_lazy("Z 分数"),
    "distance_to_leader": gettext_lazy("与领先者的距离"), "rank": gettext_lazy("排序百分位"),
}
UPLOAD_KEY = "benchmark_upload"
BASIS_LABELS = dict(Basis.choices)
AGGREGATION_LABELS = {"linear": gettext_lazy("线性加权"), "geometric": gettext_lazy("几何加权")}
MISSING_LABELS = {
    "exclude_rescale": gettext_lazy("剔除缺失项并重新分配权重"), "impute_mean": gettext_lazy("以同组均值插补"),
    "impute_median": gettext_lazy("以同组中位数插补"),
}


def _choices(request, query: LeagueQueryForm):
    """Viewer, peer group and period chosen by the request (unknown or invisible ids fall back to defaults)."""
    viewer = selectors.viewer_get(request.user)
    choice = selectors.league_choice(viewer, group_id=query.chosen("group"), period_id=query.chosen("period"))
    return viewer, choice.groups, choice.group, choice.periods, choice.period


def _league_context(request):
    query = LeagueQueryForm(request.GET)
    viewer, groups, group, periods, period = _choices(request, query)
    context = {
        "viewer": viewer, "groups": groups, "group": group, "periods": periods, "period": period,
        "normalisations": [(n, NORMALISATION_LABELS[n]) for n in NORMALISATIONS],
        "aggregations": [(a, AGGREGATION_LABELS[a]) for a in AGGREGATIONS],
        "missing_rules": [(m, MISSING_LABELS[m]) for m in MISSING_RULES],
        "table": None, "chart": None, "indicator": None,
    }
    if group is None or period is None:
        return context
    level = selectors.peer_group_level(group)
    publication = selectors.publication_get(viewer, period)
    # a published period offers the indicators its publication froze
    indicators = (selectors.publication_indicators(publication, level) if publication is not None
                  else list(selectors.indicator_list(province=viewer.province, level=level)))
    context["indicators"] = indicators
    indicator_id = query.chosen("indicator")
    indicator = next((i for i in indicators if i.pk == indicator_id), None)
    default = None
    if publication is not None:
        from .composite import Method

        default = Method.from_description(publication.method["method"])
    method = selectors.method_from(query.method_params(), default)
    try:
        table = selectors.league_table(viewer=viewer, group=group, period=period, method=method, indicator=indicator)
    except selectors.NotVisible:
        context["not_visible"] = True
        return context
    context.update(table=table, indicator=indicator, method=method, differs=default is not None and method != default)
    if indicator is not None and indicator.computed_source:  # the own cell links to the rows it came from
        own = selectors.own_values_list(viewer=viewer, period=period).filter(indicator=indicator).first()
        context["own_rows_url"] = own.rows_url if own is not None else None
    context["chart"] = {
        "names": [r.organisation.short_name for r in table.ranked_rows],
        "scores": [round(r.score, 4) for r in table.ranked_rows],
        "leading": [r.leading for r in table.ranked_rows],
        "low": [r.band_low for r in table.ranked_rows],
        "high": [r.band_high for r in table.ranked_rows],
        "ranks": [r.rank for r in table.ranked_rows],
        "title": f"{group.name} · {period.label} · {indicator if indicator else _('综合指数')}",  # name（unit）
    }
    return context


def home(request):
    """The league table of a peer group: composite or one indicator, with rank bands and change of rank."""
    context = _league_context(request)
    template = "benchmark/partials/league.html" if request.htmx else "benchmark/home.html"
    return render(request, template, context)


def league_xlsx(request):
    context = _league_context(request)
    table = context.get("table")
    if table is None:
        raise Http404(_("没有可导出的排名表。"))
    return download_audited(
        request, xlsx.league_table_workbook(table), filename=f"benchmark-{table.group.pk}-{table.period.pk}.xlsx",
        content_type=XLSX, kind="benchmark_league_xlsx", detail={
            "group_id": table.group.pk, "group": table.group.name,
            "period_id": table.period.pk, "period": table.period.label,
            "indicator": table.indicator.code if table.indicator else None, "method": table.method.describe(),
            "published": table.published, "rows": len(table.rows),
        })


def methodology(request):
    viewer = selectors.viewer_get(request.user)
    return render(request, "benchmark/methodology_list.html", {
        "viewer": viewer, "publications": selectors.publication_list(viewer),
    })


def methodology_detail(request, pk: int):
    viewer = selectors.viewer_get(request.user)
    publication = selectors.publication_list(viewer).filter(pk=pk).first()
    if publication is None:
        raise Http404(_("没有这份方法说明。"))
    method = publication.method.get("method", {})
    context = {
        "viewer": viewer, "publication": publication, "method": method, "spec": publication.method,
        "versions": selectors.publication_versions(publication),
        "indicator_rows": [
            {**spec, "basis_label": BASIS_LABELS.get(spec.get("basis"), "")}
            for spec in publication.method.get("indicators", [])
        ],
        "normalisation": NORMALISATION_LABELS.get(method.get("normalisation"), method.get("normalisation")),
        "aggregation": AGGREGATION_LABELS.get(method.get("aggregation"), method.get("aggregation")),
        "missing": MISSING_LABELS.get(method.get("missing"), method.get("missing")),
    }
    return render(request, "benchmark/methodology_detail.html", context)


def _catch_up_page(request, organisation_id: int | None):
    viewer, groups, group, periods, period = _choices(request, LeagueQueryForm(request.GET))
    try:
        organisation = (
            viewer.organisation if organisation_id is None
            else selectors.organisation_visible_get(viewer, organisation_id)
        )
    except selectors.NotVisible:
        raise Http404(_("没有这个政协组织，或无权查看。"))
    context = {"viewer": viewer, "organisation": organisation, "periods": periods, "period": period, "view": None}
    if period is not None and organisation.level in ("city", "county"):
        try:
            context["view"] = selectors.catch_up_get(viewer=viewer, organisation=organisation, period=period)
        except selectors.NotVisible:
            context["not_visible"] = True
    view = context["view"]
    if view is not None:
        context["chart"] = {
            "names": [g.indicator.name for g in view.gaps],
            "shares": [round(g.share_to_threshold * 100, 1) for g in view.gaps],
        }
        context["learn"] = selectors.learn_from_list(viewer=viewer, view=view)
    return render(request, "benchmark/catch_up.html", context)


def catch_up(request):
    return _catch_up_page(request, None)


def catch_up_of(request, organisation_id: int):
    return _catch_up_page(request, organisation_id)


def similar(request):
    viewer = selectors.viewer_get(request.user)
    rows = selectors.similar_list(viewer=viewer, organisation=viewer.organisation)
    period = selectors.period_default(viewer)
    group = selectors.peer_group_default(viewer)
    if rows and period is not None and group is not None:
        try:
            table = selectors.league_table(viewer=viewer, group=group, period=period, draws=0)
            ranks = {r.organisation.pk: r.rank for r in table.rows}
            for row in rows:
                row.rank = ranks.get(row.organisation.pk, 0)
        except selectors.NotVisible:
            pass
    return render(request, "benchmark/similar.html", {
        "viewer": viewer, "rows": rows, "period": period,
        "member_count": selectors.profile_member_count(viewer.organisation),
    })


def trends(request):
    viewer = selectors.viewer_get(request.user)
    organisation = viewer.organisation
    query = TrendsQueryForm(request.GET)
    wanted = query.chosen("organisation")
    if wanted is not None:
        try:
            organisation = selectors.organisation_visible_get(viewer, wanted)
        except selectors.NotVisible:
            organisation = viewer.organisation
    kind = query.kind_chosen()
    periods, rows = selectors.trends_get(viewer=viewer, organisation=organisation, kind=kind)
    chart = {
        "periods": [p.label for p in periods],
        "series": [{"name": r.indicator.name, "unit": r.indicator.unit, "values": r.values} for r in rows],
    }
    network = list(selectors.network_list(viewer)) if viewer.sees_network else []
    return render(request, "benchmark/trends.html", {
        "viewer": viewer, "organisation": organisation, "periods": periods, "rows": rows, "chart": chart,
        "kind": kind, "network": network,
    })


def _report_period(request, viewer):
    periods = list(selectors.period_list())
    period_id = PeriodQueryForm(request.POST if request.method == "POST" else request.GET).chosen("period")
    period = next((p for p in periods if p.pk == period_id), None)
    if period is None and periods:
        published = {p.pk for p, pub in selectors.periods_visible(viewer) if pub}
        period = next((p for p in periods if p.pk not in published), periods[0])
    return periods, period


def report(request):
    """The committee's values for a period: shown to everyone of it, saved by its admins and unit staff."""
    viewer = selectors.viewer_get(request.user)
    periods, period = _report_period(request, viewer)
    form = None
    if request.method == "POST" and period is not None:
        indicators = selectors.indicator_list(province=viewer.province, level=viewer.organisation.level)
        form = ReportValuesForm(request.POST, indicators=indicators)
        if form.is_valid():
            entries = [services.Entry(indicator_id=i, raw=raw, comment=comment) for i, raw, comment in form.entries()]
            try:
                saved = services.values_report(actor=request.user, period=period, entries=entries,
                                               submit=form.submits())
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.cell_errors_add(error)
                else:
                    messages.error(request, " ".join(error.messages))
            except PermissionDenied as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已保存 %(n)d 项数值。") % {"n": len(saved)})
                return redirect(f"{request.path}?period={period.pk}")
        for message in form.other_errors():
            messages.error(request, message)
    rows = selectors.report_rows(viewer=viewer, period=period) if period else []
    published = period is not None and selectors.publication_get(viewer, period) is not None
    for row in rows:
        pk = row["indicator"].pk
        row["errors"] = form.cell_errors(pk) if form is not None else []
        row["typed"], row["typed_comment"] = form.typed(pk) if form is not None else (None, None)
        # a reader (a member, a viewer) sees the values only; after publication only a value the
        # province returned can still be corrected
        row["locked"] = not viewer.can_report or (row["value"] is not None and row["value"].is_computed) or (
            published and not (row["value"] is not None and row["value"].status == "returned"))
    return render(request, "benchmark/report.html", {
        "viewer": viewer, "periods": periods, "period": period, "rows": rows, "published": published,
        "correctable": any(not row["locked"] for row in rows),
        "has_errors": form is not None and any(row["errors"] for row in rows),
    })


report.access_capability = {"GET": Capability.VIEW, "POST": Capability.EDIT}


def report_template(request):
    """The .xlsx reporting template of a period, filled with the committee's current values."""
    viewer = selectors.viewer_get(request.user)
    _periods, period = _report_period(request, viewer)
    if period is None:
        raise Http404(_("没有统计期。"))
    return download_audited(
        request, xlsx.report_template_workbook(viewer=viewer, period=period),
        filename=f"benchmark-template-{period.pk}.xlsx", content_type=XLSX, kind="benchmark_report_template",
        detail={"period_id": period.pk, "period": period.label},
    )


def report_upload(request):
    """Upload a filled template: preview with per-cell messages; confirm saves (nothing from a rejected sheet)."""
    viewer = selectors.viewer_get(request.user)
    if request.method != "POST":
        return redirect("benchmark:report")
    _periods, period = _report_period(request, viewer)
    if period is None:
        messages.error(request, _("没有统计期。"))
        return redirect("benchmark:report")
    back = redirect(f"{reverse('benchmark:report')}?period={period.pk}")
    form = ReportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form_messages(form):
            messages.error(request, message)
        return back
    if form.cleaned_data["confirm"]:
        pending = request.session.pop(UPLOAD_KEY, None)
        if not pending or pending.get("period") != period.pk:
            messages.error(request, _("没有待确认的表格，请重新上传。"))
            return back
        entries = [services.Entry(indicator_id=i, raw=raw, comment=comment) for i, raw, comment in pending["entries"]]
        try:
            saved = services.values_report(actor=request.user, period=period, entries=entries, submit=True)
        except ValidationError as error:
            messages.error(request, " ".join(m for m in error.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已从表格保存 %(n)d 项数值。") % {"n": len(saved)})
        return back
    preview = xlsx.report_sheet_read(viewer=viewer, period=period, content=form.cleaned_data["file"].read())
    if preview.ok:
        request.session[UPLOAD_KEY] = {
            "period": period.pk, "entries": [[e.indicator_id, e.raw, e.comment] for e in preview.entries],
        }
    return render(request, "benchmark/upload_preview.html", {"viewer": viewer, "period": period, "preview": preview})


report_upload.access_capability = {"GET": Capability.VIEW, "POST": Capability.EDIT}


def _review_period(request, periods, publications):
    """The period the completeness check looks at: asked for, else the latest the province has not published."""
    period_id = PeriodQueryForm(request.GET).chosen("period")
    period = next((p for p in periods if p.pk == period_id), None)
    if period is None:
        period = next((p for p in periods if p.pk not in publications), periods[0] if periods else None)
    return period


def _review_post(request) -> None:
    """Accept or return the values ticked (the review queue and a committee's values post the same form)."""
    form = ValuesReviewForm(request.POST)
    if form.is_valid():
        try:
            count = services.values_review(
                actor=request.user, value_ids=form.cleaned_data["value"],
                accept=form.cleaned_data["action"] == "accept", note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已处理 %(n)d 项数值。") % {"n": count})
    for message in form_messages(form):
        messages.error(request, message)


def review(request):
    """The province accepts or returns submitted values (of published periods too), checks who has reported and
    publishes periods."""
    viewer = selectors.viewer_get(request.user)
    if not viewer.can_review:
        messages.info(request, _("审核与发布由省政协负责。"))
        return redirect("benchmark:home")
    if request.method == "POST":
        _review_post(request)
        return redirect(request.get_full_path())
    periods = list(selectors.period_list())
    publications = {p.period_id: p for p in selectors.publication_list(viewer)}
    period = _review_period(request, periods, publications)
    pending = list(selectors.review_list(viewer=viewer))
    for value in pending:
        value.is_correction = value.period_id in publications
    return render(request, "benchmark/review.html", {
        "viewer": viewer, "pending": pending, "periods": periods, "period": period,
        "publication": publications.get(period.pk) if period else None,
        "check": selectors.completeness_get(viewer=viewer, period=period) if period else None,
        "unpublished": [p for p in periods if p.pk not in publications],
    })


review.access_capability = Capability.VIEW  # the service checks the province's powers


def review_committee(request, organisation_id: int):
    """One committee's values of a period for the province: accept pending ones, return any, also after publication."""
    viewer = selectors.viewer_get(request.user)
    periods = list(selectors.period_list())
    publications = {p.period_id: p for p in selectors.publication_list(viewer)}
    period = _review_period(request, periods, publications)
    found = selectors.committee_values_get(viewer=viewer, organisation_id=organisation_id, period=period) \
        if period else None
    if found is None:
        raise Http404(_("没有这个政协组织，或无权查看。"))
    if request.method == "POST":
        _review_post(request)
        return redirect(request.get_full_path())
    organisation, values = found
    return render(request, "benchmark/review_committee.html", {
        "viewer": viewer, "organisation": organisation, "values": values, "period": period,
        "publication": publications.get(period.pk),
    })


review_committee.access_capability = Capability.VIEW  # the service checks the province's powers


def publish(request):
    if request.method != "POST":
        return redirect("benchmark:review")
    viewer = selectors.viewer_get(request.user)
    form = PublishForm(request.POST)
    back = reverse("benchmark:review")
    if form.is_valid():
        period = form.cleaned_data["period"]
        back = f"{back}?period={period.pk}"
        try:
            services.period_publish(actor=request.user, period=period, confirm=form.cleaned_data["confirm"],
                                    method=selectors.method_from(form.method_params()))
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("%(period)s已发布。") % {"period": period.label})
    errors = form_messages(form)
    for message in errors:
        messages.error(request, message)
    return redirect(back if viewer.can_review or "period" in form.errors else "benchmark:home")


publish.access_capability = Capability.VIEW  # the service checks the province's powers


def groups(request):
    """The peer groups the viewer compares in; the province creates and changes custom ones here."""
    viewer = selectors.viewer_get(request.user)
    rows = [(g, selectors.peer_group_members(g)) for g in selectors.peer_group_list(viewer)]
    return render(request, "benchmark/groups.html", {"viewer": viewer, "rows": rows})


groups.access_capability = Capability.VIEW


def _group_form(request, viewer, group):
    form = PeerGroupForm(request.POST if request.method == "POST" else None)
    name = group.name if group else ""
    chosen = {o.pk for o in selectors.peer_group_members(group)} if group else set()
    if form.is_bound and form.is_valid():
        if form.deletes() and group is not None:
            try:
                services.peer_group_delete(actor=request.user, group=group)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return redirect("benchmark:groups")
            messages.success(request, _("已删除分组“%(name)s”。") % {"name": group.name})
            return redirect("benchmark:groups")
        name, chosen = form.cleaned_data["name"], set(form.cleaned_data["members"])
        try:
            saved = services.peer_group_save(actor=request.user, name=name, member_ids=sorted(chosen), group=group)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已保存分组“%(name)s”。") % {"name": saved.name})
            return redirect(f"{reverse('benchmark:home')}?group={saved.pk}")
    network = list(selectors.network_list(viewer))
    return render(request, "benchmark/group_form.html", {
        "viewer": viewer, "group": group, "name": name, "chosen": chosen,
        "errors": form.errors if form.is_bound else {},
        "general_errors": [m for f, ms in form.errors.items() if f not in ("name", "members") for m in ms]
        if form.is_bound else [],
        "cities": [o for o in network if o.level == "city"],
        "counties": [o for o in network if o.level == "county"],
    })


def _province_new(request, form_page, *, refusal: str, back: str):
    """A new peer group or indicator: the province's form; anyone else is told who sets it and sent back."""
    viewer = selectors.viewer_get(request.user)
    if not viewer.can_review:
        messages.info(request, refusal)
        return redirect(back)
    return form_page(request, viewer, None)


def _province_edit(request, form_page, editable, pk: int, *, missing: str):
    """An existing one: the form if the viewer may change it (``editable``), else a 404 saying so."""
    viewer = selectors.viewer_get(request.user)
    found = editable(viewer, pk)
    if found is None:
        raise Http404(missing)
    return form_page(request, viewer, found)


def group_new(request):
    return _province_new(request, _group_form, refusal=_("自定义分组由省政协设置。"), back="benchmark:groups")


group_new.access_capability = Capability.VIEW  # the service checks the province's powers


def group_edit(request, pk: int):
    return _province_edit(request, _group_form, selectors.peer_group_editable, pk,
                          missing=_("没有这个自定义分组，或无权修改。"))


group_edit.access_capability = Capability.VIEW  # the service checks the province's powers


# --------------------------------------------------------------------------- the indicator catalogue


def indicators(request):
    """The province's indicator catalogue, retired indicators included; its officer adds and changes them here."""
    viewer = selectors.viewer_get(request.user)
    if not viewer.can_review:
        messages.info(request, _("指标目录由省政协维护。"))
        return redirect("benchmark:home")
    return render(request, "benchmark/indicators.html", {
        "viewer": viewer, "rows": selectors.indicator_catalogue(viewer),
        "next_period": selectors.period_next_computation(viewer),
    })


indicators.access_capability = Capability.VIEW  # the services check the province's powers


def _indicator_form(request, viewer, indicator):
    if request.method != "POST":
        initial = IndicatorForm.initial_of(indicator) if indicator else {
            "value_type": "count", "direction": "higher", "applies_to": "both", "basis": "absolute", "weight": "1",
        }
        return _indicator_page(request, viewer, indicator, IndicatorForm(initial=initial))
    retire = IndicatorRetireForm(request.POST).chosen_action() if indicator is not None else None
    if retire is not None:
        try:
            services.indicator_retire(actor=request.user, indicator=indicator, active=retire == "restore")
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect("benchmark:indicator_edit", pk=indicator.pk)
        messages.success(request, (_("已停用指标“%(name)s”。") if retire == "retire"
                                   else _("已恢复启用指标“%(name)s”。")) % {"name": indicator.name})
        return redirect("benchmark:indicators")
    form = IndicatorForm(request.POST)
    effect = None
    if form.is_valid():
        try:
            if form.chosen_action() == "preview" and indicator is not None:
                effect = _weight_preview(viewer, indicator, form)
            else:
                saved = services.indicator_save(actor=request.user, indicator=indicator, **form.values())
                messages.success(request, _(
                    "已保存指标“%(name)s”。已发布的统计期仍按发布时的指标和权重计算，改动从下一次计算起生效。"
                ) % {"name": saved.name})
                return redirect("benchmark:indicators")
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
    return _indicator_page(request, viewer, indicator, form, effect=effect)


def _weight_preview(viewer, indicator, form):
    """The next computation's ranks with the weight typed (or a message on the weight when it is no number)."""
    try:
        weight = decimal_read(form.cleaned_data["weight"], percent=False)
    except ValueError:
        weight = None
    if weight is None or not 0 <= weight <= services.WEIGHT_MAX:
        raise ValidationError({"weight": [_("权重应在 0 到 %(max)d 之间。") % {"max": services.WEIGHT_MAX}]})
    return selectors.weight_effect(viewer=viewer, indicator=indicator, weight=float(weight))


def _indicator_page(request, viewer, indicator, form, *, effect=None):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "benchmark/indicator_form.html", {
        "viewer": viewer, "indicator": indicator, "form": form, "effect": effect,
        "general_errors": form.non_field_errors() if form.is_bound else [],
        "next_period": selectors.period_next_computation(viewer),
    }, status=status)


def indicator_new(request):
    return _province_new(request, _indicator_form, refusal=_("指标目录由省政协维护。"), back="benchmark:home")


indicator_new.access_capability = Capability.VIEW  # the services check the province's powers


def indicator_edit(request, pk: int):
    return _province_edit(request, _indicator_form, selectors.indicator_editable, pk,
                          missing=_("没有这个指标，或无权修改。"))


indicator_edit.access_capability = Capability.VIEW  # the services check the province's powers
