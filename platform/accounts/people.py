"""人员与账号: a committee's administrators manage its accounts in the pages (no admin, no operator).

Every page needs ADMINISTER in the committee of the host; the services check it
again and refuse what a committee may not do (other committees' people, the
province's and the platform's roles, locking the committee out).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import selectors, services
from accounts.committee_directory import directory, handling_units
from accounts.forms_people import ROLE_FILTER_CHOICES, PersonCreateForm, PersonForm
from accounts.models import Role
from roles.policy import Capability
from ui.htmx import form_errors_add, redirect_after


def _administer(view):
    view.access_capability = Capability.ADMINISTER
    return view


def _person(request, pk: int):
    person = selectors.person_get(organisation=request.tenant, pk=pk)
    if person is None:
        raise Http404
    return person


def _rows(people, handling):
    people = list(people)
    units = selectors.unit_names(handling=handling)
    members = directory().members_of_users([p.pk for p in people])
    return [{"person": person, "roles": [Role(m.role).label for m in person.roles_here],
             "unit": next((units.get((m.role, m.unit_id), "") for m in person.roles_here if m.unit_id is not None), ""),
             "member": members.get(person.pk, (None, ""))[1]}
            for person in people]


def _unit_of(memberships, role: Role) -> int | None:
    return next((m.unit_id for m in memberships if m.role == role), None)


@_administer
def people(request):
    """The committee's accounts, with a search, a role and a state filter; HTMX swaps only the table."""
    query = request.GET.get("q", "").strip()[:50]
    role = request.GET.get("role", "")
    role = role if role in dict(ROLE_FILTER_CHOICES) else ""
    state = request.GET.get("state", "")
    active = {"active": True, "inactive": False}.get(state)
    units = handling_units()
    handling_unit = request.GET.get("handling_unit", "")
    handling_unit = handling_unit if handling_unit in {str(pk) for pk, _name in units} else ""
    rows = _rows(selectors.people_list(organisation=request.tenant, query=query, role=role, active=active,
                                       handling_unit_id=int(handling_unit) if handling_unit else None), units)
    context = {"rows": rows, "q": query, "role": role, "state": state, "role_choices": ROLE_FILTER_CHOICES,
               "handling_units": units, "handling_unit": handling_unit}
    template = "accounts/people/partials/people_table.html" if request.htmx else "accounts/people/list.html"
    return render(request, template, context)


def _choices(person=None):
    held = _unit_of(person.roles_here, Role.HANDLER) if person else None
    in_use = {pk for pk, _name in handling_units(active_only=True)}
    return {"units": directory().units(),
            "handling_units": [(pk, name) for pk, name in handling_units() if pk in in_use or pk == held],
            "members": directory().members_unlinked(keep=person.pk if person else None)}


@_administer
@never_cache
def person_new(request):
    """Create an account; the temporary password is shown once, on the page that answers the POST."""
    form = PersonCreateForm(request.POST or None, **_choices())
    if request.method == "POST" and form.is_valid():
        try:
            person, password = services.person_create(actor=request.user, organisation=request.tenant,
                                                      **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            return render(request, "accounts/people/password.html",
                          {"person": person, "password": password, "created": True})
    return render(request, "accounts/people/form.html", {"form": form, "person": None},
                  status=400 if form.errors else 200)


@_administer
def person_edit(request, pk: int):
    person = _person(request, pk)
    here = list(person.roles_here)
    member_id = directory().members_of_users([person.pk]).get(person.pk, (None, ""))[0]
    initial = {"display_name": person.display_name, "email": person.email,
               "roles": [m.role for m in here],
               "unit_id": _unit_of(here, Role.UNIT_STAFF), "handling_unit_id": _unit_of(here, Role.HANDLER),
               "member_id": member_id}
    form = PersonForm(request.POST or None, initial=initial, **_choices(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, organisation=request.tenant, user=person,
                                   **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已保存“%(name)s”的账号。") % {"name": person})
            return redirect_after(request, reverse("people:list"))
    return render(request, "accounts/people/form.html", {"form": form, "person": person},
                  status=400 if form.errors else 200)


@_administer
def person_active(request, pk: int):
    """POST active=0 to deactivate (停用), active=1 to reactivate (启用); GET asks to confirm."""
    person = _person(request, pk)
    if request.method != "POST":
        return render(request, "accounts/people/confirm.html", {"person": person, "action": "active"})
    active = request.POST.get("active") == "1"
    try:
        services.person_active_set(actor=request.user, organisation=request.tenant, user=person, active=active)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(request, (_("已启用“%(name)s”。") if active else _("已停用“%(name)s”：不能再登录，令牌已全部撤销。"))
                         % {"name": person})
    return redirect_after(request, reverse("people:list"))


@_administer
@never_cache
def person_password(request, pk: int):
    """POST: a new temporary password, shown once on the page that answers; GET asks to confirm."""
    person = _person(request, pk)
    if request.method != "POST":
        return render(request, "accounts/people/confirm.html", {"person": person, "action": "password"})
    try:
        password = services.person_password_reset(actor=request.user, organisation=request.tenant, user=person)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        return redirect("people:edit", pk=pk)
    return render(request, "accounts/people/password.html", {"person": person, "password": password,
                                                             "created": False})


@_administer
def person_reset_link(request, pk: int):
    """POST: mail the person the one-time link to set their own password; GET asks to confirm."""
    person = _person(request, pk)
    if request.method != "POST":
        return render(request, "accounts/people/confirm.html", {"person": person, "action": "reset_link"})
    try:
        services.person_reset_link_send(actor=request.user, organisation=request.tenant, user=person,
                                        request=request)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(request, _("已向 %(email)s 发送重置密码邮件。") % {"email": person.email})
    return redirect("people:edit", pk=pk)
