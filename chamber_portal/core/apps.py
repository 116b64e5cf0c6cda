from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chamber_portal.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from .roles import groups_sync

        # After every app's migrate, so the permissions of later apps exist too.
        post_migrate.connect(groups_sync, dispatch_uid="core.groups_sync")
        # SQLite: a LIKE that folds Cyrillic (and every other alphabet) as PostgreSQL does.
        from django.db.backends.signals import connection_created

        from .sqlite import sqlite_unicode_like

        connection_created.connect(sqlite_unicode_like, dispatch_uid="core.sqlite_unicode_like")
        # Security events: sign-ins, failures, lockouts (issue 13).
        from .security import events, schema  # noqa: F401 (the schema's authentication extension)

        events.connect_axes()
