from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from bailiffs.services import bailiff_register
from chamber_portal.core.models import Region, Role, User
from chamber_portal.core.services import user_create
from chamber_portal.demo.data import (
    BAILIFFS_PER_REGION,
    DEMO_PASSWORD,
    DEMO_USERS,
    bailiff_full_name,
)


class Command(BaseCommand):
    help = "Seed demo users, staff and bailiffs (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--applications", type=int, default=0,
            help="how many demo applications to add (applications arrive with the intake module)",
        )

    def handle(self, *args, **options):
        regions = {region.code: region for region in Region.objects.all()}
        password_hash = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 per user would take minutes
        existing = set(User.objects.values_list("username", flat=True))
        created = 0

        with transaction.atomic():
            for username, role, region_code, full_name in DEMO_USERS:
                if username in existing:
                    continue
                user_create(
                    username=username, password="", password_hash=password_hash, role=role,
                    region=regions[region_code] if region_code else None, full_name=full_name,
                    email=f"{username}@demo.chamber.kz",
                )
                created += 1

        plan = [
            (code, number)
            for code, count in BAILIFFS_PER_REGION.items()
            for number in range(1, count + 1)
        ]
        for index, (code, number) in enumerate(tqdm(plan, desc="bailiffs", unit="", disable=None)):
            username = "bailiff" if index == 0 else f"bailiff.{code[3:]}.{number:02d}"
            if username in existing:
                continue
            with transaction.atomic():
                user = user_create(
                    username=username, password="", password_hash=password_hash, role=Role.BAILIFF,
                    full_name=bailiff_full_name(index), email=f"{username}@demo.chamber.kz",
                )
                bailiff_register(
                    user=user, region=regions[code], office_address=f"{regions[code].name_ru}, ул. Абая, {index + 1}",
                    phone=f"+7 700 {index:03d} 00 00", office_hours="пн–пт 09:00–18:00",
                )
            created += 1

        if options["applications"]:
            self.stdout.write(self.style.WARNING(
                "Applications are not seeded yet: they arrive with the intake module."
            ))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} users created, "
                                             f"{User.objects.count()} users in all."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write("\nDemo logins (password for all: %s)" % DEMO_PASSWORD)
        rows = [(username, role, region or "national" if role == "staff" else region or "-")
                for username, role, region, _name in DEMO_USERS]
        rows.append(("bailiff", "bailiff", "KZ-75"))
        for username, role, region in rows:
            self.stdout.write(f"  {username:<14} {role:<8} {region}")
        self.stdout.write("Portal: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/ (login admin)\n")
