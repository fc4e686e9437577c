from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "tenants.reminders"
    label = "reminders"
    verbose_name = "提醒"
