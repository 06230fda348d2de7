from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "satupintu.organizations"
    label = "organizations"

    def ready(self) -> None:
        from satupintu.organizations import privacy

        privacy.register()
        from satupintu.core.pagecache import connect_app

        connect_app(self)
        from django.db.models.signals import post_delete, post_save

        from satupintu.organizations.models import Agency, Membership
        from satupintu.organizations.selectors import memberships_changed

        for model in (Membership, Agency):
            uid = f"roles-held:{model._meta.label}"
            post_save.connect(memberships_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(memberships_changed, sender=model, dispatch_uid=f"{uid}:delete")
