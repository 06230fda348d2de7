from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "satupintu.regions"
    label = "regions"

    def ready(self) -> None:
        # Core validates NIKs without importing this app: tell it where the region codes are.
        from satupintu.core.identifiers import register_region_lookup
        from satupintu.regions.selectors import region_lookup

        register_region_lookup(region_lookup)
