from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "shared.benchmark"
    label = "benchmark"
    verbose_name = "比学赶超"
