from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "运行与审计"

    def ready(self) -> None:
        from operations import signals  # noqa: F401  (login/logout audit adapters)
