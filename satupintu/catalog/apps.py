from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "satupintu.catalog"
    label = "catalog"

    def ready(self) -> None:
        from satupintu.core.pagecache import connect_app, register_public_api_path

        # What the public pages show: every saved or deleted catalog row makes them render anew.
        connect_app(self)
        register_public_api_path("/api/v1/services")
