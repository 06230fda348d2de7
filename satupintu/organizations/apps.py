from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "satupintu.organizations"
    label = "organizations"

    def ready(self) -> None:
        from satupintu.organizations import privacy

        privacy.register()
        from satupintu.core.pagecache import connect_app

        connect_app(self)
