from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from console.forms import OrganisationForm
from console.services import organisation_provision
from roles.policy import Capability, organisations_visible
from tenancy.models import Level
from tenancy.services import organisation_domain_name
from ui.htmx import form_errors_add


def home(request):
    organisations = organisations_visible(request.user).order_by("region_code")
    return render(request, "console/home.html", {"organisations": organisations})


home.access_capability = Capability.CONSOLE


def _parent_choices(user):
    return organisations_visible(user).filter(level__in=[Level.PROVINCE, Level.CITY]).order_by("region_code")


def organisation_new(request):
    """The provisioning form. With HTMX the form swaps itself; without, a full page."""
    form = OrganisationForm(request.POST or None, parents=_parent_choices(request.user))
    created = administrator = password = None
    if request.method == "POST" and form.is_valid():
        try:
            created, administrator, password = organisation_provision(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            form = OrganisationForm(parents=_parent_choices(request.user))
    context = {
        "form": form,
        "created": created,
        "administrator": administrator,
        "password": password,
        "created_url": f"http://{organisation_domain_name(created.schema_name)}:{request.get_port()}/" if created else None,
    }
    template = "console/partials/organisation_form.html" if request.htmx else "console/organisation_new.html"
    response = render(request, template, context, status=400 if form.errors and not request.htmx else 200)
    if password:
        response["Cache-Control"] = "no-store"  # the temporary password is shown once
    return response


organisation_new.access_capability = Capability.PROVISION
