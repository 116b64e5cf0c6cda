from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.data import DEMO_USERS, demo_code_now, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current second-factor codes of the demo's staff and administrator (demo only)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_codes is for the demo only, not with DJANGO_ENV=production.")
        for username, role, _region, _name in DEMO_USERS:
            if role in ("staff", "admin"):
                self.stdout.write(f"{username:<16} {demo_code_now(demo_totp_secret(username))}")
        self.stdout.write("Each code holds for 30 seconds and signs in once.")
