from django.apps import AppConfig


class OpinionExchangeConfig(AppConfig):
    name = "shared.opinion_exchange"
    label = "opinion_exchange"
    verbose_name = "社情民意报送"
