from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "共享检索"

    def ready(self) -> None:
        from operations.health import report_register

        from search.selectors import outbox_state

        report_register("search_outbox", outbox_state)
