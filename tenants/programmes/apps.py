from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "tenants.programmes"
    label = "programmes"
    verbose_name = "项目与计划"
