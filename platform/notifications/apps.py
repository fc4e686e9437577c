from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from operations.health import report_register

        from notifications.selectors import email_outbox_state

        report_register("notifications_email", email_outbox_state)

        from accounts.signin.sections import account_section_register

        account_section_register("notifications/partials/account_email.html")
