from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "tenants.opinions"
    label = "opinions"
    verbose_name = "社情民意信息"
