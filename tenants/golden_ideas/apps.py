from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoldenIdeasConfig(AppConfig):
    name = "tenants.golden_ideas"
    label = "golden_ideas"
    verbose_name = "金点子"

    def ready(self) -> None:
        from django.urls import reverse

        from search.sources import Source, source_register
        from tenants.golden_ideas.selectors import idea_documents, idea_ids_all

        # ideas live in each committee's schema; sharing states their visibility (selectors)
        source_register(Source(
            kind="golden_idea", label=_("金点子"), plural="golden ideas", per_tenant=True,
            documents=idea_documents, ids_all=idea_ids_all,
            url=lambda pk: reverse("golden_ideas:idea", args=[pk]),
        ))
