from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "tenants.structure"
    label = "structure"
    verbose_name = "组织架构"

    def ready(self) -> None:
        from accounts.committee_directory import Directory, directory_register
        from tenants.structure import selectors, services

        # the people pages (platform core) name units and link member records through this
        directory_register(Directory(
            units=selectors.unit_choices,
            members_unlinked=selectors.member_choices_unlinked,
            member_available=selectors.member_available,
            member_link=services.member_account_link,
            members_of_users=selectors.members_of_users,
        ))
