from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "satupintu.accounts"
    label = "accounts"

    def ready(self) -> None:
        from satupintu.core.security import protect_admin_site

        # Done here rather than in a URLconf so no URLconf (tests included) can mount the admin
        # with a password-only login.
        protect_admin_site()

        from satupintu.accounts import privacy
        from satupintu.accounts.retention import (
            delete_old_contact_codes,
            delete_unconfirmed_accounts,
        )
        from satupintu.privacy.services import register_retention

        register_retention("contact_codes", delete_old_contact_codes)
        register_retention("unconfirmed_accounts", delete_unconfirmed_accounts)
        privacy.register()
