from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "tenants.proposals"
    label = "proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.committee_directory import handling_units_register
        from search.sources import Source, source_register
        from tenants.proposals.selectors import proposal_documents, proposal_ids_all

        # proposals live in each committee's schema; only those the office published are indexed
        source_register(Source(
            kind="proposal", label=_("提案"), plural="proposals", per_tenant=True,
            documents=proposal_documents, ids_all=proposal_ids_all,
            url=lambda pk: reverse("proposals:public_detail", args=[pk]),
        ))
        from tenants.proposals.benchmark_push import computed_sources_register

        # 比学赶超's computed indicators may take the year's proposal figures (shared.benchmark.computed)
        computed_sources_register()
        # the people pages (platform core) name a handler account's handling unit through this
        handling_units_register(_handling_unit_rows)
        # the daily reminders: answer deadlines go to the handling units, co-sign invitations to the invited
        from tenants.proposals.services import notices
        from tenants.proposals.services.handling import DEADLINE_SOURCE
        from tenants.reminders.services import deadline_audience_register, reminder_sender_register

        deadline_audience_register(source=DEADLINE_SOURCE, audience=notices.answer_deadline_audience)
        reminder_sender_register(notices.cosign_reminders_send)


def _handling_unit_rows() -> list[tuple[int, str, bool]]:
    from tenants.proposals.models import HandlingUnit

    return list(HandlingUnit.objects.order_by("name", "id").values_list("id", "name", "is_active"))
