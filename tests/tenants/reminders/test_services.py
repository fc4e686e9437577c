"""Apps register, update, close and withdraw their deadlines by key, against 资阳's real schema."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from tenants.reminders.models import Deadline
from tenants.reminders.services import deadline_close, deadline_register, deadline_withdraw
from tenants.structure.models import Unit

pytestmark = pytest.mark.django_db

KEY = {"source": "tests.example", "key": "42:2026-03"}


def test_registering_twice_keeps_one_deadline_and_a_change_updates_it():
    with schema_context("ziyang"):
        unit = Unit.objects.get(name="提案委员会")
        first, created = deadline_register(**KEY, title="示例截止", due_on=dt.date(2026, 4, 5), unit=unit)
        again, created_again = deadline_register(**KEY, title="示例截止", due_on=dt.date(2026, 4, 5), unit=unit)
        assert (created, created_again, again.pk) == (True, False, first.pk)
        moved, _created = deadline_register(**KEY, title="示例截止（延期）", due_on=dt.date(2026, 4, 8), unit=None)
        assert moved.pk == first.pk
        assert list(Deadline.objects.filter(**KEY).values_list("title", "due_on", "unit", "done")) == [
            ("示例截止（延期）", dt.date(2026, 4, 8), None, False)]


def test_close_and_withdraw_are_idempotent_and_touch_only_their_key():
    with schema_context("ziyang"):
        deadline_register(**KEY, title="示例截止", due_on=dt.date(2026, 4, 5))
        other, _created = deadline_register(source="tests.example", key="43:2026-03", title="另一项",
                                            due_on=dt.date(2026, 4, 5))
        assert (deadline_close(**KEY), deadline_close(**KEY)) == (True, False)
        assert Deadline.objects.get(**KEY).done is True
        assert (deadline_withdraw(**KEY), deadline_withdraw(**KEY)) == (True, False)
        assert not Deadline.objects.filter(**KEY).exists()
        other.refresh_from_db()
        assert other.done is False


def test_a_key_needs_its_source():
    with schema_context("ziyang"):
        with pytest.raises(ValidationError) as info:
            deadline_register(source="", key="1", title="无来源", due_on=dt.date(2026, 4, 5))
        assert info.value.messages == ["截止事项的来源和来源键须同时填写。"]
