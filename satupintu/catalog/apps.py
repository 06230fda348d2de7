from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "satupintu.catalog"
    label = "catalog"

    def ready(self) -> None:
        from satupintu.core.pagecache import connect_app, register_public_api_path

        # What the public pages show: every saved or deleted catalog row makes them render anew.
        connect_app(self)
        register_public_api_path("/api/v1/services")
        # Remembered search results follow every write that can change what a search finds,
        # how it orders it or what the page says of it: a service, its life events, its agency,
        # the categories, life events and regions named in facets, and the synonyms. Bulk
        # writes of services go through the index functions, which forget them too.
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from satupintu.catalog.models import Category, LifeEvent, SearchSynonym, Service
        from satupintu.catalog.search import catalog_changed
        from satupintu.organizations.models import Agency
        from satupintu.regions.models import Region

        for model in (Service, SearchSynonym, Category, LifeEvent, Agency, Region):
            post_save.connect(catalog_changed, sender=model, dispatch_uid=f"search-{model}")
            post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"search-d-{model}")
        # Remembered rows are pickled model instances: a deploy (which migrates) forgets them
        # before a changed model could read them.
        post_migrate.connect(catalog_changed, sender=self, dispatch_uid="search-migrate")
        m2m_changed.connect(
            catalog_changed, sender=Service.life_events.through, dispatch_uid="search-events"
        )
        # The services, forms, documents and workflow versions a case reads, kept per process.
        from satupintu.catalog import selectors
        from satupintu.catalog.models import FormField, RequiredDocument, WorkflowVersion

        selectors.SERVICES.watch(Service, Agency, FormField, RequiredDocument)
        selectors.WORKFLOWS.watch(WorkflowVersion)
