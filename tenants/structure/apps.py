from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "tenants.structure"
    label = "structure"
    verbose_name = "组织架构"
