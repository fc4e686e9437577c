"""Provisioning from the console: a committee with its first administrator, in one transaction."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services import first_administrator_create
from tenancy.models import Organisation
from tenancy.services import organisation_create

#: the form's fields for the first administrator, and the account fields they fill
ADMIN_FIELDS = {"admin_username": "username", "admin_display_name": "display_name", "admin_email": "email"}


@transaction.atomic
def organisation_provision(
    *, actor, admin_username: str, admin_display_name: str, admin_email: str = "", **organisation,
) -> tuple[Organisation, User, str]:
    """Open a committee (tenancy.services.organisation_create) and name its first administrator
    (accounts.services.first_administrator_create); returns both and the temporary password,
    shown once. So the committee manages its own people from then on, without the operator.

    Errors on the administrator's fields are given on the form's admin_* fields.
    Side effects: those of both services. All or nothing.
    """
    created = organisation_create(actor=actor, **organisation)
    try:
        user, password = first_administrator_create(
            actor=actor, organisation=created, username=admin_username, display_name=admin_display_name,
            email=admin_email)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        on_form = {account: form for form, account in ADMIN_FIELDS.items()}
        raise ValidationError({on_form.get(field, field): messages
                               for field, messages in error.message_dict.items()}) from error
    return created, user, password
