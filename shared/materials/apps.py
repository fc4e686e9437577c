from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "shared.materials"
    label = "materials"
    verbose_name = "交流材料"

    def ready(self) -> None:
        from django.urls import reverse

        from search.sources import Source, source_register
        from shared.materials.selectors import material_documents, material_ids_all, material_outside_names

        source_register(Source(
            kind="material", label=_("材料"), plural="materials",
            documents=material_documents, ids_all=material_ids_all,
            url=lambda pk: reverse("materials:detail", args=[pk]),
            outside_names=material_outside_names,
        ))
