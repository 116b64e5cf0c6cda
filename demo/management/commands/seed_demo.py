import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_with_load
from bailiffs.services import bailiff_register
from chamber_portal.core.models import Region, Role, User
from chamber_portal.core.security.second_factor import second_factor_provision
from chamber_portal.core.services import user_create
from demo.applications import WORKSPACE_STATES, demo_applications_seed
from demo.bulk import BULK_DOCUMENT_PREFIX, BULK_USERNAME_PREFIX, bulk_applications_ensure
from demo.bulk_distribution import bulk_distribution_ensure
from demo.data import (
    BAILIFFS_PER_REGION,
    DEMO_PASSWORD,
    DEMO_USERS,
    bailiff_full_name,
    demo_code_now,
    demo_totp_secret,
)
from demo.oversight_stories import demo_oversight_seed
from intake.rules import state_claim_limit


class Command(BaseCommand):
    help = (
        "Seed demo data (idempotent) and print the demo logins: users, staff, 60 bailiffs, and about 40 "
        "applications of the demo lawyers in every intake state, made through the intake services so that "
        "their timelines are real, and a few that a bailiff (the demo login `bailiff`) holds and works on, "
        "through the distribution and the bailiff's services. --applications N also ensures that at least N "
        "bulk applications exist "
        f"(lawyers {BULK_USERNAME_PREFIX}*, document numbers {BULK_DOCUMENT_PREFIX}*), for load and list "
        "benchmarks: written with bulk_create, without audit events (bulk demo data is not a history) and "
        "without documents; the accepted ones of regions with bailiffs are then distributed as the rotation would "
        "have done, the bailiffs' work simulated by age; running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--applications", type=int, default=None, metavar="N",
            help="ensure at least N bulk applications exist (e.g. 1000000 for benchmarks; fast on PostgreSQL)",
        )

    def handle(self, *args, **options):
        if options["applications"] is not None and options["applications"] < 0:
            raise CommandError("--applications must not be negative.")
        started = time.monotonic()
        regions = {region.code: region for region in Region.objects.all()}
        password_hash = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 per user would take minutes
        existing = set(User.objects.values_list("username", flat=True))
        created = 0

        with transaction.atomic():
            for username, role, region_code, full_name in DEMO_USERS:
                if username in existing:
                    continue
                user = user_create(
                    username=username, password="", password_hash=password_hash, role=role,
                    region=regions[region_code] if region_code else None, full_name=full_name,
                    email=f"{username}@demo.chamber.kz",
                )
                if role in ("staff", "admin"):
                    # Staff and administrators sign in with a second factor: the demo's known secrets.
                    second_factor_provision(user=user, secret=demo_totp_secret(username))
                created += 1

        seats = [(code, number) for code, count in BAILIFFS_PER_REGION.items() for number in range(1, count + 1)]
        plan = [(index, code, number) for index, (code, number) in enumerate(seats)]
        if options["applications"] is not None:
            # The bulk history goes first (every bailiff registered), so that its backdated decisions also come
            # first in each region's turn order, before the stories' decisions made now: time and turn order agree,
            # as in real life, and the month-by-month counts per bailiff stay even (docs/adr/0009). The workspace
            # stories then go to whoever's turn it is in Almaty.
            created += self._bailiffs_ensure(tqdm(plan, desc="bailiffs", unit="", disable=None), regions, existing,
                                             password_hash)
            existing = set(User.objects.values_list("username", flat=True))
            self._bulk_ensure(options["applications"], password_hash)
        # The demo login `bailiff` (the first of Almaty) joins first and gets the workspace stories while
        # still the region's only bailiff, so that login holds a case in every state; the others join after
        # (on a database seeded before, the rotation gives those stories to whoever's turn it is).
        created += self._bailiffs_ensure(plan[:1], regions, existing, password_hash)
        step = time.monotonic()
        made = demo_applications_seed(states=WORKSPACE_STATES)
        created += self._bailiffs_ensure(tqdm(plan[1:], desc="bailiffs", unit="", disable=None), regions, existing,
                                         password_hash)

        self.stdout.write(self.style.SUCCESS(f"Demo users ready: {created} users created, "
                                             f"{User.objects.count()} users in all."))

        made += demo_applications_seed(progress=lambda plan: tqdm(plan, desc="applications", unit="", disable=None))
        self.stdout.write(self.style.SUCCESS(
            f"Demo applications ready: {made} made through the services ({time.monotonic() - step:.1f} s)."
        ))

        made = demo_oversight_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo complaints and inspections ready: {made} made."))

        today = timezone.localdate()
        if state_claim_limit(on=today) is None:
            self.stdout.write(self.style.WARNING(
                f"The MRP for {today.year} is not in the table: the demo filed no state claims (they would be "
                "refused). An administrator adds it in the admin; seed_demo again then adds nothing twice."
            ))
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
        self._print_logins()

    def _bulk_ensure(self, applications: int, password_hash: str) -> None:
        result = bulk_applications_ensure(
            applications, password_hash=password_hash,
            progress=lambda total: tqdm(total=total, desc="bulk applications", unit=" rows", unit_scale=True,
                                        disable=None),
        )
        rate = f", {result.added / result.seconds:,.0f} rows/s" if result.added and result.seconds else ""
        self.stdout.write(self.style.SUCCESS(
            f"Bulk applications ready: {result.existing} existed, {result.added} added "
            f"({result.existing + result.added} in all, {result.lawyers} lawyers {BULK_USERNAME_PREFIX}*) "
            f"in {result.seconds:.1f} s{rate}. Bulk rows have no audit history and no documents."
        ))
        # Accepted bulk rows of the regions with bailiffs go to a bailiff, as the rotation would have taken them.
        distributed = bulk_distribution_ensure(
            progress=lambda total: tqdm(total=total, desc="bulk distribution", unit=" cases", unit_scale=True,
                                        disable=None),
        )
        self.stdout.write(self.style.SUCCESS(
            f"Bulk distribution ready: {distributed.decided} accepted bulk applications distributed in "
            f"{distributed.regions} regions with bailiffs ({distributed.seconds:.1f} s), their work simulated "
            "by age; no audit history."
        ))

    def _bailiffs_ensure(self, plan, regions, existing, password_hash) -> int:
        """Register the bailiffs of `plan` ((index, region code, number)) not registered yet; returns how many
        were created."""
        created = 0
        for index, code, number in plan:
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
        return created

    def _print_bailiff_logins(self):
        """Every bailiff a new filing can rotate to, so the journey from filing to bailiff can be finished: all of
        Almaty by name (the case page names the bailiff appointed), the other districts as a range."""
        today = timezone.localdate()
        bailiffs = (bailiffs_with_load(Bailiff.objects.filter(user__username__startswith="bailiff"), today)
                    .select_related("region", "user").order_by("region__code", "user__username"))
        by_region: dict[str, list] = {}
        for bailiff in bailiffs:
            by_region.setdefault(bailiff.region.code, []).append(bailiff)
        self.stdout.write("\nBailiffs (same password): the rotation gives a new filing to whoever's turn it is; "
                          "the case page names the bailiff appointed.")
        for bailiff in by_region.pop("KZ-75", []):
            out = "" if bailiff.status == "active" and not bailiff.paused_today else (
                "   (not in the rotation today: paused)" if bailiff.status == "active" else
                f"   (not in the rotation: {bailiff.status})")
            self.stdout.write(f"  {bailiff.user.username:<16} bailiff  KZ-75  {bailiff.full_name}{out}")
        for code, people in by_region.items():
            names = [b.user.username for b in people]
            self.stdout.write(f"  {names[0]} … {names[-1]}  bailiff  {code}  {len(names)} bailiffs")

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        rows = [(username, role, region or "national" if role == "staff" else region or "-")
                for username, role, region, _name in DEMO_USERS]
        bulk = User.objects.filter(username__startswith=BULK_USERNAME_PREFIX).count()
        if bulk:
            rows.append((f"{BULK_USERNAME_PREFIX}00001", "lawyer", f"… {BULK_USERNAME_PREFIX}{bulk:05d} (bulk)"))
        for username, role, region in rows:
            self.stdout.write(f"  {username:<16} {role:<8} {region}")
        self._print_bailiff_logins()
        self.stdout.write("\nStaff and the administrator also need a code: add the secret to an authenticator app "
                          "(FreeOTP, Google or Microsoft Authenticator), or run `manage.py demo_codes` for the "
                          "current codes.")
        for username, role, _region, _name in DEMO_USERS:
            if role in ("staff", "admin"):
                secret = demo_totp_secret(username)
                self.stdout.write(f"  {username:<16} secret {secret}   code now {demo_code_now(secret)}")
        self.stdout.write("Portal: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/ (login admin)\n")
