from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "naungan.core"
    label = "core"


class ShippedData:
    """For the AppConfig of an app whose data ships as files with the code (value sets, indicator
    sets): every migrate, the test database's included, brings its tables in line with them through
    `sync_shipped_data`, so a changed file needs no migration. A mixin, not an AppConfig: Django
    takes the one AppConfig subclass it finds in an app's apps.py as that app's configuration."""

    def sync_shipped_data(self, using: str) -> None:
        raise NotImplementedError

    def ready(self):
        post_migrate.connect(self._after_migrate, sender=self, dispatch_uid=f"naungan-{self.label}-shipped-data")

    def _after_migrate(self, sender, using="default", **kwargs):
        self.sync_shipped_data(using)
