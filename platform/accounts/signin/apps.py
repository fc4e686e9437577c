from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "accounts.signin"
    label = "signin"
    verbose_name = _("登录")
    default_auto_field = "django.db.models.BigAutoField"
