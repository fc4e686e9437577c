"""The plan page as its office edits it: sections and items added, edited, moved and removed, lead
units and leaders given to many items at once, an item's milestones. Every write goes through
``services``; an HTMX request gets the plan again (``partials/plan.html``), a plain one a redirect
with the messages."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from roles.enforcement import request_access
from roles.policy import Capability
from ui.htmx import form_errors_add, form_messages, redirect_after
from tenants.programmes import selectors, services
from tenants.programmes.forms import BulkAssignForm, ItemForm, MilestonesForm, MoveForm, ProgrammeForm, SectionForm
from tenants.programmes.models import Item, Programme, Section, Target
from tenants.structure.models import Leader, Unit


def plan_context(programme: Programme, *, can_administer: bool, errors=(), done: str = "",
                 editing: int | None = None, edit_form=None) -> dict:
    """What ``programmes/programme.html`` and ``partials/plan.html`` show."""
    context = {
        "programme": programme, "tree": selectors.programme_tree(programme),
        "history": selectors.changelog_for(programme)[:20], "can_administer": can_administer,
        "plan_errors": list(errors), "plan_done": done, "editing": editing, "edit_form": edit_form,
    }
    if can_administer:
        context.update(units=list(Unit.objects.all()), leaders=list(Leader.objects.all()),
                       add_form=ItemForm(programme=programme))
    return context


def _plan_page(request, programme: Programme):
    """A write's address opened in the browser: the plan page."""
    allowed = request_access(request).allows(Capability.ADMINISTER)
    return render(request, "programmes/programme.html", plan_context(programme, can_administer=allowed))


def _answer(request, programme: Programme, *, errors=(), done: str = "", editing=None, edit_form=None, status=None):
    """The plan again (HTMX), or back to the plan page with the messages."""
    if request.htmx:
        context = plan_context(programme, can_administer=True, errors=errors, done=done,
                               editing=editing, edit_form=edit_form)
        return render(request, "programmes/partials/plan.html", context)
    for message in errors:
        messages.error(request, message)
    if done and not errors:
        messages.success(request, done)
    if editing is not None and errors:
        context = plan_context(programme, can_administer=True, errors=errors, editing=editing, edit_form=edit_form)
        return render(request, "programmes/programme.html", context, status=status or 400)
    return redirect("programmes:programme", pk=programme.pk)


def _run(form, write) -> str | None:
    """Call ``write()`` when the form is valid; the service's ValidationError goes on the form."""
    if not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        form_errors_add(form, error)
        return None


def programme_edit(request, pk: int):
    """The plan's title, description and period (``services.programme_update`` keeps the history)."""
    programme = get_object_or_404(Programme, pk=pk)
    if request.method != "POST":
        return _plan_page(request, programme)
    form = ProgrammeForm(request.POST)
    done = _run(form, lambda: services.programme_update(actor=request.user, programme=programme,
                                                        **form.cleaned_data) and _("计划已保存。"))
    if not form.errors:  # the title is outside the plan's part of the page: the page again
        messages.success(request, done)
        return redirect_after(request, reverse("programmes:programme", kwargs={"pk": pk}))
    programme.refresh_from_db()
    return _answer(request, programme, errors=form_messages(form), done=done or "")


def section_add(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    if request.method != "POST":
        return _plan_page(request, programme)
    form = SectionForm(request.POST)
    done = _run(form, lambda: _("已新增部分“%(h)s”。") % {"h": services.section_create(
        actor=request.user, programme=programme, heading=form.cleaned_data["heading"],
        intro=form.cleaned_data["intro"]).heading})
    return _answer(request, programme, errors=form_messages(form), done=done or "")


def section_edit(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("programme"), pk=pk)
    if request.method != "POST":
        return _plan_page(request, section.programme)
    form = SectionForm(request.POST)
    done = _run(form, lambda: _("已保存部分“%(h)s”。") % {"h": services.section_update(
        actor=request.user, section=section, heading=form.cleaned_data["heading"],
        intro=form.cleaned_data["intro"]).heading})
    return _answer(request, section.programme, errors=form_messages(form), done=done or "")


def section_move(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("programme"), pk=pk)
    if request.method != "POST":
        return _plan_page(request, section.programme)
    form = MoveForm(request.POST)
    done = _run(form, lambda: _("“%(h)s”现为第 %(n)s 部分。") % {
        "h": section.heading,
        "n": services.section_move(actor=request.user, section=section,
                                   direction=form.cleaned_data["direction"]).number})
    return _answer(request, section.programme, errors=form_messages(form), done=done or "")


def section_remove(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("programme"), pk=pk)
    if request.method != "POST":
        return _plan_page(request, section.programme)
    programme, heading = section.programme, section.heading
    try:
        count = services.section_remove(actor=request.user, section=section)
    except ValidationError as error:
        return _answer(request, programme, errors=error.messages)
    return _answer(request, programme, done=_("已删除部分“%(h)s”及其 %(n)s 个事项。") % {"h": heading, "n": count})


def item_add(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    if request.method != "POST":
        return _plan_page(request, programme)
    form = ItemForm(request.POST, programme=programme)

    def write():
        item = services.item_create(actor=request.user, programme=programme,
                                    cooperating_units=form.cleaned_data["cooperating_units"], **form.changes())
        return _("已新增事项 %(n)s. %(t)s。") % {"n": item.number, "t": item.title}

    done = _run(form, write)
    return _answer(request, programme, errors=form_messages(form), done=done or "")


def item_edit(request, pk: int):
    """GET: the item's form in its row (HTMX) or on a page of its own; POST: save it."""
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    programme = item.programme
    if request.method != "POST":
        form = ItemForm(initial=ItemForm.initial_of(item), programme=programme)
        if request.htmx:
            return _answer(request, programme, editing=item.pk, edit_form=form)
        return render(request, "programmes/item_edit.html", {"item": item, "form": form, "errors": [],
                                                             **plan_context(programme, can_administer=True)})
    form = ItemForm(request.POST, programme=programme)

    def write():
        saved = services.item_update(actor=request.user, item=item,
                                     cooperating_units=form.cleaned_data["cooperating_units"], **form.changes())
        return _("已保存事项 %(n)s. %(t)s。") % {"n": saved.number, "t": saved.title}

    done = _run(form, write)
    errors = form_messages(form)
    if errors and not request.htmx and request.POST.get("from") == "item":
        return render(request, "programmes/item_edit.html", {
            "item": item, "form": form, "errors": errors, **plan_context(programme, can_administer=True)},
            status=400)
    if not errors and request.POST.get("from") == "item" and not request.htmx:
        messages.success(request, done)
        return redirect("programmes:item", pk=item.pk)
    return _answer(request, programme, errors=errors, done=done or "",
                   editing=item.pk if errors else None, edit_form=form if errors else None)


item_edit.access_capability = Capability.ADMINISTER


def item_move(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("programme"), pk=pk)
    if request.method != "POST":
        return _plan_page(request, item.programme)
    form = MoveForm(request.POST)
    done = _run(form, lambda: _("“%(t)s”现为第 %(n)s 项。") % {
        "t": item.title,
        "n": services.item_move(actor=request.user, item=item, direction=form.cleaned_data["direction"]).number})
    return _answer(request, item.programme, errors=form_messages(form), done=done or "")


def item_remove(request, pk: int):
    """Remove an item; one with monthly reports or duty records is refused with the reason."""
    item = get_object_or_404(Item.objects.select_related("programme"), pk=pk)
    if request.method != "POST":
        return _plan_page(request, item.programme)
    programme, title = item.programme, item.title
    try:
        services.item_remove(actor=request.user, item=item)
    except ValidationError as error:
        return _answer(request, programme, errors=error.messages)
    return _answer(request, programme, done=_("已删除事项“%(t)s”。") % {"t": title})


def items_assign(request, pk: int):
    """Give the ticked items a lead unit and/or a responsible leader."""
    programme = get_object_or_404(Programme, pk=pk)
    if request.method != "POST":
        return _plan_page(request, programme)
    form = BulkAssignForm(request.POST, programme=programme)
    done = _run(form, lambda: _("已为 %(n)s 个事项完成分配。") % {"n": services.items_assign(
        actor=request.user, programme=programme, items=form.cleaned_data["items"], **form.assignment())})
    return _answer(request, programme, errors=form_messages(form), done=done or "")


def item_milestones(request, pk: int):
    """An item's yearly milestones, all years in one form; a blank year removes its milestone."""
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    if request.method != "POST":
        from tenants.programmes.views import item_detail

        return item_detail(request, pk)
    form = MilestonesForm(request.POST, item=item)
    done = _run(form, lambda: services.milestones_set(actor=request.user, item=item, texts=form.texts())
                and _("年度任务已保存。") or _("年度任务没有变化。"))
    for message in form_messages(form):
        messages.error(request, message)
    if done:
        messages.success(request, done)
    return redirect("programmes:item", pk=pk)


def target_remove(request, pk: int):
    """Remove one yearly target of an item; one with reported values is refused with the reason."""
    from tenants.programmes.views import item_detail

    target = get_object_or_404(Target.objects.select_related("item"), pk=pk)
    item_pk = target.item_id
    if request.method != "POST":
        return item_detail(request, item_pk)
    errors, done = [], ""
    try:
        services.target_remove(actor=request.user, target=target)
        done = _("已删除 %(y)s 年“%(i)s”目标。") % {"y": target.year, "i": target.indicator}
    except ValidationError as error:
        errors = error.messages
    if request.htmx:
        item = selectors.item_get(pk=item_pk)
        return render(request, "programmes/partials/targets.html", {
            "item": item, "years": list(range(item.first_year, item.last_year + 1)),
            "target_errors": errors, "target_done": done, "can_administer": True})
    for message in errors:
        messages.error(request, message)
    if done:
        messages.success(request, done)
    return redirect("programmes:item", pk=item_pk)
