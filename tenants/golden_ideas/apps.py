from django.apps import AppConfig


class GoldenIdeasConfig(AppConfig):
    name = "tenants.golden_ideas"
    label = "golden_ideas"
    verbose_name = "金点子"
