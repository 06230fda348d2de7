from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "satupintu.catalog"
    label = "catalog"
