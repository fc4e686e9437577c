from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "tenants.proposals"
    label = "proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        from django.urls import reverse

        from search.sources import Source, source_register
        from tenants.proposals.selectors import proposal_documents, proposal_ids_all

        # proposals live in each committee's schema; only those the office published are indexed
        source_register(Source(
            kind="proposal", label=_("提案"), plural="proposals", per_tenant=True,
            documents=proposal_documents, ids_all=proposal_ids_all,
            url=lambda pk: reverse("proposals:public_detail", args=[pk]),
        ))
