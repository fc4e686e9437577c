from django.apps import AppConfig


class ProgrammeLibraryConfig(AppConfig):
    name = "shared.programme_library"
    label = "programme_library"
    verbose_name = "项目模板库"
