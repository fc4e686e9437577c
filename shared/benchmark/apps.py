from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "shared.benchmark"
    label = "benchmark"
    verbose_name = "比学赶超"

    def ready(self):
        from operations.freshness import shared_bump_on_write

        # Committees' pages cache what they show of the benchmark (the workspace's
        # to-do): any committed write to its tables makes those caches stale everywhere.
        shared_bump_on_write("benchmark", self.label)
