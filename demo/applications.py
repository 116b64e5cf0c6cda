"""The small demo set: about 40 applications of the demo lawyers, made through the intake services.

Every application is played from a draft to its state by the same services the web and the API call
(save the draft, attach two PDFs, submit, report the original lost, register the original, accept,
return, lapse), so its timeline is the real audit log. Each story runs in one transaction: a failure
leaves nothing half-made, and a story already played (same lawyer and document number serial) is
skipped, which makes seeding idempotent.

Times are those of the run (the services stamp "now"); decision and document dates are spread over the
preceding months, never in the future.

The workspace stories (WORKSPACE_STORIES) go on: the rotation appoints a bailiff and the bailiff's services
play the case (acknowledge, initiate, actions, refuse, close) as whoever holds it. seed_demo plays them while
the demo login `bailiff` is still Almaty's only bailiff, so that login holds a case in every state; the
rotation's log says so truthfully (one candidate). The overdue case is distributed with the distribution's
`today` two weeks back, which gives it a deadline already past; nothing else is written around the services.
"""

import logging
import random
from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from assignment.models import ActionKind, Outcome, RefusalGround
from assignment.services import (
    application_distribute,
    case_acknowledge,
    case_action_record,
    case_close,
    case_initiate,
    case_refuse,
)
from chamber_portal.core.models import Region, Role, User
from intake.models import Application, Category, DocumentKind, PartyKind, Status
from intake.rules import state_claim_limit
from intake.services import (
    application_accept,
    application_copy,
    application_register_original,
    application_report_original_lost,
    application_return,
    application_save_draft,
    application_submit,
    applications_lapse_overdue,
    document_attach,
)
from intake.services.decisions import CHECKLIST

from . import people
from .pdf import demo_pdf

DEMO_LAWYERS = ["lawyer", "lawyer2"]

# The regions that have bailiffs in the demo (data.BAILIFFS_PER_REGION), Almaty and Astana the busiest.
REGION_CYCLE = ["KZ-75", "KZ-71", "KZ-75", "KZ-79", "KZ-35", "KZ-75", "KZ-19", "KZ-71"]
CATEGORY_CYCLE = [Category.PRIVATE_CLAIM, Category.ALIMONY, Category.PRIVATE_CLAIM, Category.STATE_CLAIM,
                  Category.NON_PROPERTY]

# Each demo lawyer's stories: the state the application ends in and, for a return, the reason.
# The bailiff's side (assigned, in_enforcement, closed) is in WORKSPACE_STORIES below.
STORIES = {
    "lawyer": [
        (Status.ACCEPTED, ""), (Status.SUBMITTED, ""), (Status.ORIGINAL_RECEIVED, ""),
        (Status.RETURNED, "mismatch_with_original"), (Status.ACCEPTED, ""), (Status.AWAITING_DUPLICATE, ""),
        (Status.LAPSED, ""), (Status.SUBMITTED, ""), (Status.DRAFT, "complete"), (Status.ACCEPTED, ""),
        (Status.RETURNED, "wrong_region"), (Status.ORIGINAL_RECEIVED, ""), (Status.SUBMITTED, ""),
        (Status.ACCEPTED, ""), (Status.LAPSED, ""), (Status.RETURNED, "duplicate"),
        (Status.ORIGINAL_RECEIVED, ""), (Status.AWAITING_DUPLICATE, ""), (Status.SUBMITTED, ""),
        (Status.DRAFT, "partial"),
    ],
    "lawyer2": [
        (Status.SUBMITTED, ""), (Status.ACCEPTED, ""), (Status.RETURNED, "incomplete"),
        (Status.ORIGINAL_RECEIVED, ""), (Status.AWAITING_DUPLICATE, ""), (Status.ACCEPTED, ""),
        (Status.LAPSED, ""), (Status.DRAFT, "partial"), (Status.SUBMITTED, ""), (Status.ACCEPTED, ""),
        (Status.RETURNED, "period_expired"), (Status.ORIGINAL_RECEIVED, ""), (Status.ACCEPTED, ""),
        (Status.SUBMITTED, ""), (Status.LAPSED, ""), (Status.RETURNED, "outside_categories"),
        (Status.ORIGINAL_RECEIVED, ""), (Status.AWAITING_DUPLICATE, ""), (Status.SUBMITTED, ""),
        (Status.DRAFT, "complete"),
    ],
}
# Cases that go on to a bailiff, in Almaty: (lawyer, story index after STORIES', the state, the bailiff's
# scenario, the category). Played first by seed_demo, so they all reach the demo login `bailiff`.
WORKSPACE_REGION = "KZ-75"
WORKSPACE_STORIES = [
    ("lawyer", 20, Status.IN_ENFORCEMENT, "actions", Category.PRIVATE_CLAIM),
    ("lawyer2", 20, Status.CLOSED, "executed_in_part", Category.PRIVATE_CLAIM),
    ("lawyer", 21, Status.CLOSED, "refused", Category.PRIVATE_CLAIM),
    ("lawyer2", 21, Status.ASSIGNED, "acknowledged", Category.STATE_CLAIM),
    ("lawyer", 22, Status.ASSIGNED, "overdue", Category.PRIVATE_CLAIM),
]
WORKSPACE_STATES = (Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED)
# How far back the overdue case was "distributed": its 3 working days are over by now.
OVERDUE_DISTRIBUTED_DAYS_AGO = 14

# The lawyer answers these returns by filing again from a copy, corrected (docs/domain.md §4).
REFILED = {"mismatch_with_original", "incomplete"}

# reason: (the state the application is returned from, the message to the lawyer)
RETURNS = {
    "mismatch_with_original": (Status.ORIGINAL_RECEIVED,
                               "Сумма взыскания в заявлении не совпадает с суммой в подлиннике исполнительного "
                               "листа. Исправьте сумму и подайте заявление повторно."),
    "wrong_region": (Status.SUBMITTED,
                     "Должник проживает в другом регионе: заявление подаётся в региональную палату по месту "
                     "жительства должника или нахождения его имущества."),
    "duplicate": (Status.ORIGINAL_RECEIVED,
                  "Этот исполнительный документ уже зарегистрирован палатой и находится на исполнении."),
    "incomplete": (Status.SUBMITTED,
                   "Доверенность не содержит полномочия на предъявление исполнительного документа к исполнению. "
                   "Приложите надлежащую доверенность."),
    "period_expired": (Status.AWAITING_DUPLICATE,
                       "Срок предъявления исполнительного документа истёк; приложите определение суда о "
                       "восстановлении пропущенного срока."),
    "outside_categories": (Status.SUBMITTED,
                           "Исполнительный документ не относится к категориям, которые распределяются через палату "
                           "по Правилам № 652: предъявите его государственному судебному исполнителю."),
}


@dataclass(frozen=True)
class Story:
    lawyer: str
    index: int
    state: Status
    variant: str
    region: str
    category: Category

    @property
    def rng(self) -> random.Random:
        # A str seed is hashed with SHA-512: the same story gets the same parties on every run.
        return random.Random(f"demo-{self.lawyer}-{self.index}")


def stories() -> list[Story]:
    plan = []
    for offset, (lawyer, states) in enumerate(STORIES.items()):
        for index, (state, variant) in enumerate(states):
            plan.append(Story(
                lawyer=lawyer, index=index, state=state, variant=variant,
                region=REGION_CYCLE[(index + 3 * offset) % len(REGION_CYCLE)],
                category=CATEGORY_CYCLE[(index + offset) % len(CATEGORY_CYCLE)],
            ))
    for lawyer, index, state, variant, category in WORKSPACE_STORIES:
        plan.append(Story(lawyer=lawyer, index=index, state=state, variant=variant, region=WORKSPACE_REGION,
                          category=category))
    return plan


def draft_data(story: Story, *, today: date, kinds: dict[str, DocumentKind], regions: dict[str, Region]) -> dict:
    """What the lawyer types: parties, court, decision and document, amount or obligation."""
    rng = story.rng
    code = story.region
    data = {"category": story.category, "region": regions[code]}
    debtor_female = rng.random() < 0.35
    kind = "writ"
    amount = None
    obligation = ""
    housing = sole_dwelling = minors = False
    alimony_basis = alimony_share = ""
    legal_parties = False
    if story.category == Category.PRIVATE_CLAIM:
        if rng.random() < 0.7:
            creditor_kind, (creditor_name, creditor_id) = PartyKind.LEGAL_ENTITY, people.company(rng)
            if rng.random() < 0.3:
                debtor_kind, (debtor_name, debtor_id) = PartyKind.LEGAL_ENTITY, people.company(rng)
                legal_parties = True
            else:
                debtor_kind, (debtor_name, debtor_id) = PartyKind.INDIVIDUAL, people.person(rng, female=debtor_female)
            kind = "notary_inscription" if "МФО" in creditor_name and not legal_parties and rng.random() < 0.5 \
                else "writ"
        else:
            creditor_kind, (creditor_name, creditor_id) = PartyKind.INDIVIDUAL, people.person(rng)
            debtor_kind, (debtor_name, debtor_id) = PartyKind.LEGAL_ENTITY, people.company(rng)
        amount = Decimal(rng.randrange(150_000, 9_000_000, 500))
    elif story.category == Category.ALIMONY:
        creditor_kind, (creditor_name, creditor_id) = PartyKind.INDIVIDUAL, people.person(rng, female=True)
        debtor_kind, (debtor_name, debtor_id) = PartyKind.INDIVIDUAL, people.person(rng, female=False)
        kind = "court_order"
        if rng.random() < 0.6:
            alimony_basis, alimony_share = "share_of_income", rng.choice(["1/4", "1/3", "1/2"])
        else:
            alimony_basis, amount = "fixed_sum", Decimal(rng.randrange(40_000, 150_000, 1000))
    elif story.category == Category.STATE_CLAIM:
        creditor_kind, (creditor_name, creditor_id) = PartyKind.STATE, people.state_body(rng, code)
        if rng.random() < 0.6:
            debtor_kind, (debtor_name, debtor_id) = PartyKind.INDIVIDUAL, people.person(rng, female=debtor_female)
        else:
            debtor_kind, (debtor_name, debtor_id) = PartyKind.LEGAL_ENTITY, people.company(rng)
        amount = Decimal(rng.randrange(25_000, 3_600_000, 100))  # below 1,000 MRP of any year from 2024
    else:  # non-property
        creditor_kind, (creditor_name, creditor_id) = PartyKind.INDIVIDUAL, people.person(rng)
        debtor_kind, (debtor_name, debtor_id) = PartyKind.INDIVIDUAL, people.person(rng, female=debtor_female)
        obligation, housing = rng.choice(people.OBLIGATIONS)
        obligation = obligation.format(place=people.address(rng, code), plate=f"{rng.randint(100, 999)}ABC{code[3:]}")
        sole_dwelling = minors = housing and obligation.startswith("Выселить")

    courts = people.PLACES[code][2]
    economic = [c for c in courts if c[0].endswith("85")]
    district = [c for c in courts if not c[0].endswith("85")] or courts
    court_code, court_name = rng.choice(economic if legal_parties and economic else district)
    decided = today - timedelta(days=rng.randint(45, 330))
    effective = decided + timedelta(days=30)  # the appeal period has passed
    issued = effective + timedelta(days=rng.randint(1, 10))
    prefix = {"writ": "ИЛ", "court_order": "СП", "notary_inscription": "ИН"}[kind]
    data.update({
        "creditor_kind": creditor_kind, "creditor_name": creditor_name, "creditor_iin_bin": creditor_id,
        "debtor_kind": debtor_kind, "debtor_name": debtor_name, "debtor_iin_bin": debtor_id,
        "debtor_address": people.address(rng, code),
        "court_name": court_name,
        "court_case_number": people.case_number(rng, court_code, decided.year),
        "decision_date": decided, "decision_effective_date": effective,
        "document_kind": kinds[kind], "document_number": document_number(story, prefix, court_code),
        "document_issued_at": issued, "amount_kzt": amount, "alimony_basis": alimony_basis,
        "alimony_share": alimony_share, "obligation": obligation, "housing_involved": housing,
        "sole_dwelling": sole_dwelling, "minors_present": minors,
    })
    if story.variant == "partial":  # a draft begun and left: parties typed, the rest to come
        for field in ("court_name", "court_case_number", "decision_date", "decision_effective_date",
                      "document_issued_at", "amount_kzt", "obligation"):
            data.pop(field)
    return data


def story_serial(story: Story) -> str:
    """The serial of the story's document number: unique per story and derived from the story alone (not from
    the name pools), so it stays the same between runs and versions. It is the key of idempotent seeding."""
    offset = story.rng.randint(0, 30)  # the first draw of a fresh generator seeded by the story
    return str(100_000 + 1_000 * DEMO_LAWYERS.index(story.lawyer) + 37 * story.index + offset)


def document_number(story: Story, prefix: str, court_code: str) -> str:
    return f"{prefix} {court_code}/{story_serial(story)}"


def _upload(kind: str, application: Application) -> SimpleUploadedFile:
    title, name = {
        "power_of_attorney": ("Доверенность", "Доверенность.pdf"),
        "decision_scan": ("Решение суда", "Решение суда.pdf"),
    }[kind]
    content = demo_pdf(title, [
        "Chamber Portal - demo document", kind.replace("_", " ").capitalize(),
        f"Enforcement document: {application.document_number.encode('ascii', 'ignore').decode().strip()}",
        f"Court case: {application.court_case_number.encode('ascii', 'ignore').decode()}",
    ])
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@contextmanager
def notifications_muted():
    """Demo data e-mails nobody: notification tasks run in-process, into Django's dummy e-mail backend,
    even when a Celery broker is configured."""
    from chamber_portal.celery import app

    eager = app.conf.task_always_eager
    # Quiet too: "Task … succeeded" for each of ~100 e-mails, and kombu's note on the memory:// broker.
    logs = {name: logging.getLogger(name) for name in ("celery.app.trace", "kombu.connection")}
    levels = {name: log.level for name, log in logs.items()}
    app.conf.task_always_eager = True
    for log in logs.values():
        log.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        app.conf.task_always_eager = eager
        for name, log in logs.items():
            log.setLevel(levels[name])


def _staff_for(region: Region, staff_by_region: dict, national: User) -> User:
    return staff_by_region.get(region.pk, national)


def _play(story: Story, *, lawyer: User, staff: User, data: dict, today: date) -> list[Application]:
    """Play one story through the services; returns the applications made (a refiled copy is a second one)."""
    rng = story.rng
    application = application_save_draft(lawyer=lawyer, data=data)
    if story.state == Status.DRAFT and story.variant == "partial":
        return [application]
    for kind in ("power_of_attorney", "decision_scan"):
        document_attach(application=application, kind=kind, file=_upload(kind, application), by=lawyer)
    if story.state == Status.DRAFT:
        return [application]
    application = application_submit(application=application, by=lawyer)
    returned_from = RETURNS[story.variant][0] if story.state == Status.RETURNED else None

    if story.state == Status.AWAITING_DUPLICATE or returned_from == Status.AWAITING_DUPLICATE:
        application = application_report_original_lost(
            application=application, by=lawyer, duplicate_requested_on=today,
            state_fee_receipt=f"КВ-{rng.randint(10_000_000, 99_999_999)}", expected_on=today + timedelta(days=30),
        )
    if story.state == Status.LAPSED:
        # The services stamp "now", so the 10-working-day deadline cannot have passed yet: move it to
        # yesterday (the submitted event keeps the deadline first given) and run the daily sweep.
        Application.objects.filter(pk=application.pk).update(original_due=today - timedelta(days=1))
        applications_lapse_overdue(today=today)
        application.refresh_from_db()
    goes_on = story.state in WORKSPACE_STATES  # accepted, then distributed and worked on by the bailiff
    registered = (story.state in (Status.ORIGINAL_RECEIVED, Status.ACCEPTED, *WORKSPACE_STATES)
                  or returned_from == Status.ORIGINAL_RECEIVED)
    if registered:
        application = application_register_original(
            application=application, by=staff, registry_number=f"ВХ-{story.region[3:]}-{rng.randint(1000, 9999)}",
            received_at=timezone.now(),
            condition_note=rng.choice(["Подлинник, 2 листа, без повреждений.", "Подлинник с отметкой о вступлении "
                                       "в законную силу.", ""]),
        )
    if story.state == Status.ACCEPTED or goes_on:
        application = application_accept(application=application, by=staff, checklist=dict.fromkeys(CHECKLIST, True))
    if goes_on:
        return [_enforce(story, application, today=today)]
    if story.state != Status.RETURNED:
        return [application]

    application = application_return(application=application, by=staff, reason=story.variant,
                                     message=RETURNS[story.variant][1])
    if story.variant not in REFILED:
        return [application]
    # The lawyer files again from a copy (documents included), corrected.
    copy = application_copy(source=application, by=lawyer)
    if story.variant == "mismatch_with_original" and copy.amount_kzt:
        copy = application_save_draft(lawyer=lawyer, application=copy,
                                      data={"amount_kzt": copy.amount_kzt - Decimal(50_000)})
    else:
        document_attach(application=copy, kind="power_of_attorney", file=_upload("power_of_attorney", copy),
                        by=lawyer)
    copy = application_submit(application=copy, by=lawyer)
    return [application, copy]


def _action_pdf(title: str, application: Application, line: str) -> SimpleUploadedFile:
    content = demo_pdf(title, ["Chamber Portal - demo document", line,
                               f"Application {application.reference}"])
    return SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf")


def _enforce(story: Story, application: Application, *, today: date) -> Application:
    """Distribute the accepted application (the rotation chooses), then play the holder's scenario."""
    distributed_on = today - timedelta(days=OVERDUE_DISTRIBUTED_DAYS_AGO) if story.variant == "overdue" else today
    decision = application_distribute(application_id=application.pk, today=distributed_on)
    application.refresh_from_db()
    if decision is None:  # no eligible bailiff: it waits, flagged for staff
        return application
    if story.variant == "overdue":  # receipt never acknowledged
        return application
    bailiff = decision.chosen.user
    case_acknowledge(application=application, by=bailiff)
    if story.variant == "acknowledged":
        return application
    if story.variant == "refused":
        case_refuse(application=application, by=bailiff, ground=RefusalGround.DOCUMENT_DEFECTIVE,
                    note="В исполнительном листе не указана дата вступления решения в законную силу.")
        return application
    number = f"ВИ-{story.region[3:]}-{story_serial(story)}"
    case_initiate(application=application, by=bailiff, decision_number=number, decision_date=today)
    claimed = application.amount_kzt or Decimal(0)
    case_action_record(application=application, by=bailiff, kind=ActionKind.NOTICE, date=today,
                       note="Постановление о возбуждении вручено должнику лично.")
    case_action_record(
        application=application, by=bailiff, kind=ActionKind.ACCOUNT_ARREST, date=today,
        note="Арест на счета должника в АО «Народный банк Казахстана».",
        document=_action_pdf("Постановление об аресте счетов", application, "Arrest of bank accounts"),
    )
    if claimed:
        paid = (claimed * Decimal("0.35" if story.variant == "executed_in_part" else "0.15")).quantize(Decimal(1))
        case_action_record(application=application, by=bailiff, kind=ActionKind.PAYMENT, date=today,
                           amount_kzt=paid, note="Списано со счёта должника.")
    if story.variant == "executed_in_part":
        case_close(application=application, by=bailiff, outcome=Outcome.EXECUTED_IN_PART,
                   note="Иное имущество и доходы у должника не обнаружены; взыскатель уведомлён.")
    return application


def demo_applications_seed(*, today: date | None = None, progress=None,
                           states: Collection[Status] | None = None) -> int:
    """Play every story not played yet; returns how many applications were made.

    `progress` wraps the list of stories (e.g. tqdm) to show a progress bar; `states` plays only the stories
    that end in one of them.
    """
    today = today or timezone.localdate()
    lawyers = {user.username: user for user in User.objects.filter(username__in=DEMO_LAWYERS)}
    regions = {region.code: region for region in Region.objects.all()}
    kinds = {kind.code: kind for kind in DocumentKind.objects.all()}
    staff_users = User.objects.filter(role=Role.STAFF, is_active=True).order_by("id")
    national = staff_users.filter(region__isnull=True).first()
    staff_by_region = {}
    for user in staff_users.exclude(region__isnull=True):
        staff_by_region.setdefault(user.region_id, user)
    played = {
        (username, number.rsplit("/", 1)[-1])
        for username, number in Application.objects.filter(lawyer__in=lawyers.values())
        .values_list("lawyer__username", "document_number")
    }
    # Without this year's MRP a state claim is refused (intake/rules.py): the demo then files no state claims.
    state_claims = state_claim_limit(on=today) is not None
    plan = [story for story in stories()
            if story.lawyer in lawyers and (story.lawyer, story_serial(story)) not in played
            and (states is None or story.state in states)
            and (state_claims or story.category != Category.STATE_CLAIM)]
    made = 0
    with notifications_muted():
        for story in progress(plan) if progress else plan:
            data = draft_data(story, today=today, kinds=kinds, regions=regions)
            staff = _staff_for(data["region"], staff_by_region, national)
            with transaction.atomic():
                made += len(_play(story, lawyer=lawyers[story.lawyer], staff=staff, data=data, today=today))
    return made
