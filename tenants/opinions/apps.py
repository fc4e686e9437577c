from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "tenants.opinions"
    label = "opinions"
    verbose_name = "社情民意信息"

    def ready(self) -> None:
        from tenants.opinions.benchmark_push import computed_sources_register

        # 比学赶超's computed indicators may take the reports adopted upward (shared.benchmark.computed)
        computed_sources_register()
