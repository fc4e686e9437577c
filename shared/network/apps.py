from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "shared.network"
    label = "network"
    verbose_name = "全省驾驶舱"
