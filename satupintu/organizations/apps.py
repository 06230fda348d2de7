from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "satupintu.organizations"
    label = "organizations"

    def ready(self) -> None:
        from satupintu.organizations import privacy

        privacy.register()
