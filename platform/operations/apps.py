from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "运行与审计"

    def ready(self) -> None:
        from celery.signals import task_success

        from operations import freshness, signals  # noqa: F401  (login/logout audit adapters)

        task_success.connect(freshness.task_succeeded, dispatch_uid="freshness_task_succeeded")
