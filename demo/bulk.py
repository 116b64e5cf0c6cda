"""Bulk demo applications for load and list benchmarks: `seed_demo --applications N`.

Bulk demo data is not a history. Rows are written with bulk_create in batches, with every field
precomputed (status, dates, reference, parties) and consistent with the status; they have no audit
events, so their timelines are empty, and no documents (lists do not need them). The marker is the
document number prefix `DEMO-` (and the lawyers `demo.bulk.*`): seeding ensures that at least N such
rows exist, so running it again adds nothing, and a larger N adds the difference.

References continue each region's sequence of the year (intake.ReferenceSequence) under its row lock,
so real submissions made afterwards carry on from the last bulk number.
"""

import math
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from chamber_portal.core.models import Region, Role, User
from chamber_portal.core.working_days import add_working_days
from intake.models import AlimonyBasis, Application, Category, DocumentKind, PartyKind, ReferenceSequence, ReturnReason
from intake.models import Status as S

from . import people

BULK_USERNAME_PREFIX = "demo.bulk."
BULK_DOCUMENT_PREFIX = "DEMO-"
ROWS_PER_LAWYER = 200
BATCH_SIZE = 5_000

# Where applications come from: roughly the population of each district, the three cities weighted up
# (that is where most lenders and debtors are).
REGION_WEIGHTS = {
    "KZ-75": 34, "KZ-71": 22, "KZ-79": 18, "KZ-61": 21, "KZ-19": 15, "KZ-35": 11, "KZ-31": 12, "KZ-63": 7,
    "KZ-15": 9, "KZ-10": 6, "KZ-11": 8, "KZ-23": 7, "KZ-27": 7, "KZ-33": 7, "KZ-39": 8, "KZ-43": 8,
    "KZ-47": 8, "KZ-55": 7, "KZ-59": 5, "KZ-62": 2,
}
CATEGORY_WEIGHTS = {Category.PRIVATE_CLAIM: 58, Category.ALIMONY: 18, Category.STATE_CLAIM: 14,
                    Category.NON_PROPERTY: 10}
DRAFT_SHARE = 0.06  # drafts begun and never submitted

# The status mix by age (the intake states; see STATUS_MIX_HOOK below for distribution's states).
# Still within the 10 working days for the original:
MIX_RECENT = {S.SUBMITTED: 50, S.ORIGINAL_RECEIVED: 20, S.ACCEPTED: 18, S.RETURNED: 7, S.AWAITING_DUPLICATE: 5}
# Past the deadline, submitted in the last two months (a court's duplicate takes weeks):
MIX_WEEKS = {S.ACCEPTED: 72, S.RETURNED: 10, S.LAPSED: 9, S.AWAITING_DUPLICATE: 8, S.ORIGINAL_RECEIVED: 1}
# Older:
MIX_OLD = {S.ACCEPTED: 79, S.RETURNED: 11, S.LAPSED: 10}
# STATUS_MIX_HOOK: when distribution lands, most old `accepted` rows become `assigned`, `in_enforcement`
# or `closed` (with assigned_bailiff set from the region's bailiffs); split MIX_WEEKS and MIX_OLD then.

RETURN_WEIGHTS = {
    ReturnReason.MISMATCH_WITH_ORIGINAL: 30, ReturnReason.INCOMPLETE: 30, ReturnReason.WRONG_REGION: 15,
    ReturnReason.PERIOD_EXPIRED: 10, ReturnReason.DUPLICATE: 10, ReturnReason.OUTSIDE_CATEGORIES: 5,
}
RETURN_MESSAGES = {
    ReturnReason.MISMATCH_WITH_ORIGINAL: "Данные заявления не совпадают с подлинником исполнительного документа.",
    ReturnReason.INCOMPLETE: "Не приложена надлежащая доверенность на предъявление документа к исполнению.",
    ReturnReason.WRONG_REGION: "Должник и его имущество находятся в другом регионе.",
    ReturnReason.PERIOD_EXPIRED: "Срок предъявления исполнительного документа истёк.",
    ReturnReason.DUPLICATE: "Этот исполнительный документ уже зарегистрирован палатой.",
    ReturnReason.OUTSIDE_CATEGORIES: "Документ не относится к категориям, распределяемым через палату.",
}
def _party(row: Application, role: str, kind: str, name_and_number: tuple[str, str]) -> None:
    setattr(row, f"{role}_kind", kind)
    setattr(row, f"{role}_name", name_and_number[0])
    setattr(row, f"{role}_iin_bin", name_and_number[1])


def _weighted(mix: dict):
    return list(mix), list(mix.values())


@dataclass
class Pools:
    """Precomputed parties, places and dates, so building a row is a handful of random choices."""

    rng: random.Random
    individuals_f: list = field(default_factory=list)
    individuals_m: list = field(default_factory=list)
    companies: list = field(default_factory=list)
    addresses: dict = field(default_factory=dict)
    state_bodies: dict = field(default_factory=dict)

    @classmethod
    def make(cls, rng: random.Random, *, individuals: int = 60_000) -> "Pools":
        pools = cls(rng=rng)
        for _ in range(individuals // 2):
            pools.individuals_f.append(people.person(rng, female=True))
            pools.individuals_m.append(people.person(rng, female=False))
        forms = ["ТОО", "АО", "ИП"]
        pools.companies = [(f"ТОО «{name}»", people.organisation_bin(name)) for name in people.MFO] * 4 + [
            (f"{form} «{name}»", people.organisation_bin(f"{form} {name}"))
            for form in forms for name in people.COMPANY_NAMES
        ]
        for code, (_city, _streets, _courts, bodies) in people.PLACES.items():
            pools.addresses[code] = [people.address(rng, code) for _ in range(400)]
            pools.state_bodies[code] = [(name, people.organisation_bin(name)) for name in bodies]
        return pools

    def individual(self, female: bool | None = None):
        if female is None:
            female = self.rng.random() < 0.4
        return self.rng.choice(self.individuals_f if female else self.individuals_m)


@contextmanager
def _timestamps_as_given():
    """bulk_create would stamp created_at/updated_at with "now" (auto_now_add/auto_now): keep the
    precomputed times instead, for the duration of the bulk insert only."""
    fields = [Application._meta.get_field("created_at"), Application._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk_lawyers_ensure(count: int, *, password_hash: str) -> list[int]:
    """At least `count` bulk lawyers `demo.bulk.00001`…, sharing the demo password hashed once; their ids."""
    existing = dict(User.objects.filter(username__startswith=BULK_USERNAME_PREFIX).values_list("username", "id"))
    wanted = [f"{BULK_USERNAME_PREFIX}{n:05d}" for n in range(1, count + 1)]
    missing = [username for username in wanted if username not in existing]
    if missing:
        rng = random.Random(f"bulk-lawyers-{len(existing)}")
        group, _created = Group.objects.get_or_create(name=Role.LAWYER.value)
        with transaction.atomic():
            users = [
                User(username=username, password=password_hash, role=Role.LAWYER, email=f"{username}@demo.chamber.kz",
                     full_name=people.person_name(rng, female=rng.random() < 0.5), language="ru")
                for username in missing
            ]
            User.objects.bulk_create(users, batch_size=BATCH_SIZE)
            created = dict(User.objects.filter(username__in=missing).values_list("username", "id"))
            Membership = User.groups.through
            Membership.objects.bulk_create([Membership(user_id=pk, group_id=group.pk) for pk in created.values()],
                                           batch_size=BATCH_SIZE)
        existing.update(created)
    return [existing[username] for username in wanted]


@dataclass
class BulkResult:
    existing: int
    added: int
    lawyers: int
    seconds: float


def _analyze() -> None:
    """Fresh planner statistics (and visibility map) after a bulk insert, as autovacuum would make a little
    later: VACUUM (ANALYZE) when outside a transaction (the command), ANALYZE inside one (tests)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(table) for table in (
        Application._meta.db_table, User._meta.db_table, User.groups.through._meta.db_table,
        ReferenceSequence._meta.db_table,
    ))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")


def bulk_count() -> int:
    return Application.objects.filter(document_number__startswith=BULK_DOCUMENT_PREFIX).count()


def _span(today: date) -> tuple[date, date]:
    """Rows are spread over the year up to today, starting no earlier than 2026 (the year the Rules apply)."""
    start = max(date(2026, 1, 1), today - timedelta(days=365))
    if today <= start:
        start = today - timedelta(days=365)
    return start, today


class RowMaker:
    """Builds consistent Application rows: a status that fits the row's age and the fields of that status."""

    def __init__(self, *, rng, pools, today, now, regions, kinds, lawyer_ids, staff_by_region, national_staff_id):
        self.rng, self.pools, self.today, self.now = rng, pools, today, now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.regions = regions  # code -> Region
        self.numbers = {region.pk: region.number for region in regions.values()}  # pk -> "75"
        self.region_codes, self.region_weights = _weighted(REGION_WEIGHTS)
        self.categories, self.category_weights = _weighted(CATEGORY_WEIGHTS)
        self.kinds = kinds
        self.lawyer_ids = lawyer_ids
        self.staff = staff_by_region
        self.national_staff_id = national_staff_id
        self.mixes = {name: _weighted(mix) for name, mix in
                      (("recent", MIX_RECENT), ("weeks", MIX_WEEKS), ("old", MIX_OLD))}
        self.reasons, self.reason_weights = _weighted(RETURN_WEIGHTS)
        self._due: dict[date, date] = {}

    def due(self, submitted: date) -> date:
        if submitted not in self._due:
            self._due[submitted] = add_working_days(submitted, settings.INTAKE_ORIGINAL_DUE_WORKING_DAYS)
        return self._due[submitted]

    def at(self, day: date, hour: float) -> datetime:
        return datetime.combine(day, clock(0), tzinfo=self.tz) + timedelta(hours=hour)

    def between(self, start: datetime, end: datetime) -> datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    def parties(self, row: Application, code: str) -> None:
        rng, pools = self.rng, self.pools
        category = row.category
        kind = "writ"
        if category == Category.PRIVATE_CLAIM:
            if rng.random() < 0.75:
                _party(row, "creditor", PartyKind.LEGAL_ENTITY, rng.choice(pools.companies))
                if "МФО" in row.creditor_name and rng.random() < 0.4:
                    kind = "notary_inscription"
            else:
                _party(row, "creditor", PartyKind.INDIVIDUAL, pools.individual())
            if rng.random() < 0.85:
                _party(row, "debtor", PartyKind.INDIVIDUAL, pools.individual())
            else:
                _party(row, "debtor", PartyKind.LEGAL_ENTITY, rng.choice(pools.companies))
            row.amount_kzt = Decimal(min(max(round(rng.lognormvariate(13, 1.1), -2), 10_000), 500_000_000))
        elif category == Category.ALIMONY:
            kind = "court_order"
            _party(row, "creditor", PartyKind.INDIVIDUAL, pools.individual(True))
            _party(row, "debtor", PartyKind.INDIVIDUAL, pools.individual(False))
            if rng.random() < 0.6:
                row.alimony_basis, row.alimony_share = AlimonyBasis.SHARE_OF_INCOME, rng.choice(["1/4", "1/3", "1/2"])
            else:
                row.alimony_basis = AlimonyBasis.FIXED_SUM
                row.amount_kzt = Decimal(rng.randrange(40_000, 150_000, 1000))
        elif category == Category.STATE_CLAIM:
            _party(row, "creditor", PartyKind.STATE, rng.choice(pools.state_bodies[code]))
            _party(row, "debtor", PartyKind.INDIVIDUAL, pools.individual())
            row.amount_kzt = Decimal(rng.randrange(5_000, 4_300_000, 100))  # below 1,000 MRP
        else:
            _party(row, "creditor", PartyKind.INDIVIDUAL, pools.individual())
            _party(row, "debtor", PartyKind.INDIVIDUAL, pools.individual())
            template, housing = rng.choice(people.OBLIGATIONS)
            row.obligation = template.format(place=rng.choice(pools.addresses[code]),
                                             plate=f"{rng.randint(100, 999)}ABC{code[3:]}")
            row.housing_involved = housing
            row.sole_dwelling = housing and rng.random() < 0.3
            row.minors_present = row.sole_dwelling and rng.random() < 0.5
        row.document_kind_id = self.kinds[kind]

    def make(self, *, created_at: datetime, number: int) -> Application:
        rng = self.rng
        code = rng.choices(self.region_codes, self.region_weights)[0]
        region = self.regions[code]
        row = Application(lawyer_id=rng.choice(self.lawyer_ids), region_id=region.pk, status=S.DRAFT,
                          category=rng.choices(self.categories, self.category_weights)[0],
                          debtor_address=rng.choice(self.pools.addresses[code]))
        self.parties(row, code)
        court_code, row.court_name = people.court(rng, code)
        decided = created_at.date() - timedelta(days=rng.randint(40, 330))
        row.decision_date = decided
        row.decision_effective_date = decided + timedelta(days=30)
        row.document_issued_at = decided + timedelta(days=rng.randint(31, 39))
        row.court_case_number = people.case_number(rng, court_code, decided.year)
        row.document_number = f"{BULK_DOCUMENT_PREFIX}{number:08d}"
        row.created_at = row.updated_at = created_at
        if rng.random() < DRAFT_SHARE:
            return row
        self.submit(row, created_at)
        return row

    def submit(self, row: Application, created_at: datetime) -> None:
        rng, now, today = self.rng, self.now, self.today
        submitted_at = min(created_at + timedelta(minutes=rng.randint(5, 2 * 24 * 60)), now)
        submitted = timezone.localdate(submitted_at)
        due = self.due(submitted)
        row.submitted_at, row.original_due = submitted_at, due
        age = "recent" if due >= today else "weeks" if (today - submitted).days <= 60 else "old"
        states, weights = self.mixes[age]
        status = rng.choices(states, weights)[0]
        changed = submitted_at
        # The original arrives before the deadline (the end of the due day), never after "now".
        received_by = min(self.at(due, 18), now)
        if status in (S.ORIGINAL_RECEIVED, S.ACCEPTED) or (status == S.RETURNED and rng.random() < 0.5):
            received = self.between(submitted_at, received_by)
            row.registry_number = f"ВХ-{self.numbers[row.region_id]}-{rng.randint(10_000, 99_999)}"
            row.original_received_at = changed = received
            row.original_received_by_id = self.staff.get(row.region_id, self.national_staff_id)
        if status == S.ACCEPTED:
            row.accepted_at = changed = min(changed + timedelta(minutes=rng.randint(30, 3 * 24 * 60)), now)
        elif status == S.RETURNED:
            row.return_reason = rng.choices(self.reasons, self.reason_weights)[0]
            row.return_message = RETURN_MESSAGES[row.return_reason]
            changed = min(changed + timedelta(minutes=rng.randint(30, 3 * 24 * 60)), now)
        elif status == S.AWAITING_DUPLICATE:
            requested = min(submitted + timedelta(days=rng.randint(0, 5)), today)
            row.duplicate_requested_on = requested
            row.duplicate_expected_on = requested + timedelta(days=rng.randint(20, 45))
            row.state_fee_receipt = f"КВ-{rng.randint(10_000_000, 99_999_999)}"
            changed = max(min(self.at(requested, 11), now), submitted_at)
        elif status == S.LAPSED:
            changed = min(self.at(due + timedelta(days=1), 0.5), now)  # the nightly sweep at 00:30
        row.status = status
        row.status_changed_at = row.updated_at = changed


def bulk_applications_ensure(
    target: int, *, password_hash: str, today: date | None = None, progress: Callable | None = None,
    batch_size: int = BATCH_SIZE,
) -> BulkResult:
    """Make sure at least `target` bulk applications exist; add the difference in batches.

    `progress(total)` may return a bar with `update(n)` and `close()` (e.g. tqdm).
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    existing = bulk_count()
    to_add = max(0, target - existing)
    lawyer_ids = bulk_lawyers_ensure(max(1, math.ceil(target / ROWS_PER_LAWYER)), password_hash=password_hash)
    if not to_add:
        _analyze()
        return BulkResult(existing=existing, added=0, lawyers=len(lawyer_ids), seconds=time.monotonic() - started)

    rng = random.Random(f"bulk-{existing}-{target}")
    regions = {region.code: region for region in Region.objects.all()}
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("id")
    staff_by_region = {}
    for user_id, region_id in staff.exclude(region__isnull=True).values_list("id", "region_id"):
        staff_by_region.setdefault(region_id, user_id)
    maker = RowMaker(
        rng=rng, pools=Pools.make(rng), today=today, now=timezone.now(), regions=regions,
        kinds=dict(DocumentKind.objects.values_list("code", "id")), lawyer_ids=lawyer_ids,
        staff_by_region=staff_by_region,
        national_staff_id=staff.filter(region__isnull=True).values_list("id", flat=True).first(),
    )
    start, end = _span(today)
    days = (end - start).days + 1
    years = list(range(start.year, today.year + 1))  # a row of late December may be submitted in January
    for region in regions.values():
        for year in years:
            ReferenceSequence.objects.get_or_create(region=region, year=year)

    bar = progress(to_add) if progress else None
    number = existing
    with _timestamps_as_given():
        for offset in range(0, to_add, batch_size):
            count = min(batch_size, to_add - offset)
            # Rows are made in time order over the span, so references grow with submission time.
            rows = []
            for i in range(offset, offset + count):
                day = start + timedelta(days=min(days - 1, int(days * (i + rng.random()) / to_add)))
                created_at = maker.at(day, 8 + 11 * rng.random())
                if created_at > maker.now:
                    created_at = maker.now - timedelta(minutes=rng.randint(1, 600))
                number += 1
                rows.append(maker.make(created_at=created_at, number=number))
            with transaction.atomic():
                sequences = {
                    (sequence.region_id, sequence.year): sequence
                    for sequence in ReferenceSequence.objects.select_for_update().filter(year__in=years)
                }
                for row in rows:
                    if row.submitted_at is None:
                        continue
                    year = timezone.localdate(row.submitted_at).year
                    sequence = sequences[(row.region_id, year)]
                    sequence.last += 1
                    row.reference = f"{maker.numbers[row.region_id]}-{year}-{sequence.last:06d}"
                Application.objects.bulk_create(rows, batch_size=batch_size)
                ReferenceSequence.objects.bulk_update(list(sequences.values()), ["last"])
            if bar is not None:
                bar.update(count)
    if bar is not None:
        bar.close()
    _analyze()
    return BulkResult(existing=existing, added=to_add, lawyers=len(lawyer_ids), seconds=time.monotonic() - started)
