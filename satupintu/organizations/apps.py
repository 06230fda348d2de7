from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "satupintu.organizations"
    label = "organizations"
