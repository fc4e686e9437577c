"""Pages of the 金点子 selection. Thin: forms parse, services decide, selectors read.

Every route answers GET with a page anyone of the committee may read (VIEW);
writes declare the capability the services will check again per stage.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from operations.downloads import download_audited
from roles.policy import Capability
from tenants.golden_ideas import exports, selectors, services
from tenants.golden_ideas.forms import AdvanceForm, IdeaForm, ReviewForm, SelectionOpenForm, SharingForm
from tenants.golden_ideas.models import SCORE_MAX, SCORE_MIN, GoldenIdea, Selection, Stage
from tenants.golden_ideas.services import STAGE_RULES
from ui.htmx import form_errors_add, redirect_after


def _can(request, capability: Capability) -> bool:
    access = getattr(request, "access", None)
    return bool(access and access.allows(capability))


def _board_context(request, selection: Selection | None) -> dict:
    return {
        "selection": selection,
        "board": selectors.board_get(selection=selection) if selection else None,
        "selections": selectors.selection_list(),
        "categories": selectors.category_list(),
        "can_edit": _can(request, Capability.EDIT),
        "can_admin": _can(request, Capability.ADMINISTER),
    }


def home(request):
    """The board of the newest year's selection (or an invitation to open one)."""
    return render(request, "golden_ideas/board.html", _board_context(request, selectors.selection_current()))


def selection_board(request, pk: int):
    selection = get_object_or_404(Selection, pk=pk)
    return render(request, "golden_ideas/board.html", _board_context(request, selection))


def selection_open(request):
    form = SelectionOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_open(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已开启 %(year)s 年度金点子评选。") % {"year": selection.year})
            url = reverse("golden_ideas:selection", args=[selection.pk])
            return redirect_after(request, url)
    context = {"form": form, "can_admin": _can(request, Capability.ADMINISTER)}
    if request.htmx:
        return render(request, "golden_ideas/partials/selection_form.html", context)
    return render(request, "golden_ideas/selection_open.html", context, status=400 if form.errors else 200)


selection_open.access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}


def idea_new(request, pk: int):
    """The 申报表. HTMX checks a field when it changes (`_validate`) and the whole form on submit."""
    selection = get_object_or_404(Selection, pk=pk)
    form = IdeaForm(request.POST or None)
    field = request.POST.get("_validate")
    if request.method == "POST" and field:
        form.is_valid()
        errors = form.errors.get(field, []) if field in form.fields else []
        return render(request, "golden_ideas/partials/field_errors.html", {"errors": errors})
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_recommend(actor=request.user, selection=selection, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已提交申报表《%(title)s》。") % {"title": idea.title})
            url = reverse("golden_ideas:idea", args=[idea.pk])
            return redirect_after(request, url)
    context = {"form": form, "selection": selection, "can_edit": _can(request, Capability.EDIT),
               "deadline": selection.recommend_deadline}
    if request.htmx:
        return render(request, "golden_ideas/partials/idea_form.html", context)
    return render(request, "golden_ideas/idea_new.html", context, status=400 if form.errors else 200)


idea_new.access_capability = {"GET": Capability.VIEW, "POST": Capability.EDIT}


def _idea_context(request, idea: GoldenIdea, *, review_form=None, advance_form=None, sharing_form=None) -> dict:
    reviews = list(selectors.review_list(idea=idea))
    own = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
    if review_form is None:
        initial = {"political": own.political, "innovative": own.innovative, "effective": own.effective,
                   "opinion": own.opinion} if own else None
        review_form = ReviewForm(initial=initial)
    actions = [
        (stage, Stage(stage).label) for stage, rule in STAGE_RULES.items()
        if idea.stage in rule.from_stages
    ]
    return {
        "idea": idea,
        "reviews": reviews,
        "history": selectors.stage_change_list(idea=idea),
        "review_form": review_form,
        "advance_form": advance_form or AdvanceForm(),
        "sharing_form": sharing_form or SharingForm(initial={"sharing": idea.sharing}),
        "similar_elsewhere": selectors.idea_similar_elsewhere(idea),
        "actions": actions,
        "can_review": _can(request, services.REVIEW_CAPABILITY) and idea.stage in services.REVIEWABLE_STAGES,
        "can_admin": _can(request, Capability.ADMINISTER),
        "score_min": SCORE_MIN, "score_max": SCORE_MAX,
    }


def _idea(pk: int) -> GoldenIdea:
    return get_object_or_404(selectors.idea_list(), pk=pk)


def idea_detail(request, pk: int):
    return render(request, "golden_ideas/idea_detail.html", _idea_context(request, _idea(pk)))


def idea_review(request, pk: int):
    """Score the three criteria. With HTMX only the review section is swapped."""
    idea = _idea(pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(actor=request.user, idea=idea, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("评审已保存。"))
            url = reverse("golden_ideas:idea", args=[idea.pk])
            return redirect_after(request, url)
    context = _idea_context(request, idea, review_form=form if request.method == "POST" else None)
    if request.htmx:
        return render(request, "golden_ideas/partials/review_form.html", context)
    return render(request, "golden_ideas/idea_detail.html", context, status=400 if form.errors else 200)


idea_review.access_capability = {"GET": Capability.VIEW, "POST": services.REVIEW_CAPABILITY}


def idea_advance(request, pk: int):
    """A stage action (初选, 审定, 表扬, 未入选)."""
    idea = _idea(pk)
    form = AdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_advance(actor=request.user, idea_id=idea.pk, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("《%(title)s》已转为“%(stage)s”。") % {
                "title": idea.title, "stage": idea.get_stage_display()})
            url = reverse("golden_ideas:idea", args=[idea.pk])
            return redirect_after(request, url)
    context = _idea_context(request, idea, advance_form=form if request.method == "POST" else None)
    if request.htmx:
        return render(request, "golden_ideas/partials/advance_form.html", context)
    return render(request, "golden_ideas/idea_detail.html", context, status=400 if form.errors else 200)


idea_advance.access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}


def idea_share(request, pk: int):
    """The office sets who outside the committee may find the idea (不共享 / 全省 / 全平台)."""
    idea = _idea(pk)
    form = SharingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_share(actor=request.user, idea_id=idea.pk, sharing=form.cleaned_data["sharing"])
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("《%(title)s》的共享范围已设为“%(sharing)s”。") % {
                "title": idea.title, "sharing": idea.get_sharing_display()})
            url = reverse("golden_ideas:idea", args=[idea.pk])
            return redirect_after(request, url)
    context = _idea_context(request, idea, sharing_form=form if request.method == "POST" else None)
    return render(request, "golden_ideas/idea_detail.html", context, status=400 if form.errors else 200)


idea_share.access_capability = {"GET": Capability.VIEW, "POST": Capability.ADMINISTER}


def idea_docx(request, pk: int):
    idea = _idea(pk)
    return download_audited(
        request, exports.idea_docx(idea), filename=f"金点子申报表-{idea.selection.year}-{idea.pk}.docx",
        content_type=exports.DOCX_CONTENT_TYPE, ascii_name="golden-ideas.docx", kind="golden_idea_docx",
        detail={"idea_id": idea.pk, "title": idea.title[:200], "year": idea.selection.year},
    )


def commendation_xlsx(request, pk: int):
    selection = get_object_or_404(Selection, pk=pk)
    return download_audited(
        request, exports.commendation_xlsx(selection), filename=f"金点子表扬名单-{selection.year}.xlsx",
        content_type=exports.XLSX_CONTENT_TYPE, ascii_name="golden-ideas.xlsx",
        kind="golden_ideas_commendation_xlsx", detail={"selection_id": selection.pk, "year": selection.year},
    )
