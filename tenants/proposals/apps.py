from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tenants.proposals"
    label = "proposals"
    verbose_name = "提案"
