from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "satupintu.regions"
    label = "regions"
