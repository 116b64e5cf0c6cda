import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from bailiffs.models import Bailiff
from chamber_portal.core.models import Region, User


def region(code: str = "KZ-75") -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="ru_RU")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    role = "lawyer"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=self.role)[0])

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff and administrators get an authenticator with the known secret (tests/support/README.md);
        second_factor=True gives one to anyone, second_factor=False to no one."""
        wanted = extracted if extracted is not None else (self.role in ("staff", "admin") or self.is_superuser)
        if create and wanted:
            from tests.support import give_second_factor

            give_second_factor(self)


def registry_staff() -> User:
    """National Chamber staff: who acts in a set-up that changes the registry (its services refuse the system,
    `by=None`, since no task or command calls them)."""
    return UserFactory(role="staff", username="registry.staff")


class BailiffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bailiff

    user = factory.SubFactory(UserFactory, role="bailiff")
    full_name = factory.LazyAttribute(lambda bailiff: bailiff.user.full_name)
    licence_number = factory.Sequence(lambda n: f"L-{n:06d}")
    region = factory.LazyFunction(region)


# --- intake -------------------------------------------------------------------------------------------

import datetime as _dt  # noqa: E402
import itertools  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from intake.models import Application, ApplicationDocument, DocumentKind  # noqa: E402

VALID_IIN = "791028302728"
VALID_IIN_2 = "061211600012"
VALID_BIN = "940140000385"
VALID_BIN_2 = "990140004654"


def pdf_bytes(text: str = "Court decision") -> bytes:
    """A small, real, one-page PDF made with pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "decision.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _days_ago(days: int) -> _dt.date:
    return timezone.localdate() - _dt.timedelta(days=days)


_references = itertools.count(1)


def next_reference(code: str = "KZ-75") -> str:
    """A reference as intake gives it on submission, `<region>-<year>-<number>`, unique in the run."""
    return f"{code[3:]}-{timezone.localdate().year}-{next(_references):06d}"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft that passes every intake check (a private claim in Almaty).

    `ApplicationFactory(accepted=True)`: accepted by the Chamber and ready for distribution, with its reference
    (made directly, not through intake, and without documents). An assigned case is `AssignedApplicationFactory`:
    the rotation gives it for real."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        accepted = factory.Trait(
            status="accepted",
            reference=factory.LazyAttribute(lambda application: next_reference(application.region.code)),
            with_documents=False,
            accepted_at=factory.LazyFunction(timezone.now),
        )

    lawyer = factory.SubFactory(UserFactory, role="lawyer")
    status = "draft"
    category = "private_claim"
    region = factory.LazyFunction(region)
    creditor_kind = "legal_entity"
    creditor_name = "ТОО «Кредитор»"
    creditor_iin_bin = VALID_BIN
    debtor_kind = "individual"
    debtor_name = factory.Faker("name", locale="ru_RU")
    debtor_iin_bin = VALID_IIN
    debtor_address = "г. Алматы, ул. Абая, 1"
    court_name = "Специализированный межрайонный экономический суд г. Алматы"
    court_case_number = "7585-24-00-2/101"
    # Relative to the day the test runs (frozen or not), so no test depends on the calendar year.
    decision_date = factory.LazyFunction(lambda: _days_ago(60))
    decision_effective_date = factory.LazyFunction(lambda: _days_ago(29))
    document_kind = factory.LazyFunction(lambda: DocumentKind.objects.get(code="writ"))
    document_number = factory.Sequence(lambda n: f"ИЛ-{n:07d}")
    document_issued_at = factory.LazyFunction(lambda: _days_ago(23))
    amount_kzt = Decimal("1250000.00")

    @factory.post_generation
    def with_documents(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for kind in ("power_of_attorney", "decision_scan"):
                ApplicationDocument.objects.create(
                    application=self, kind=kind, file=pdf_upload(f"{kind}.pdf"), original_name=f"{kind}.pdf",
                    size=100, uploaded_by=self.lawyer,
                )


# The registry's record of each redistribution reason of the bailiff's own (docs/adr/0010).
_GROUND_STATUS = {"licence_suspended": "suspended", "licence_terminated": "terminated", "excluded": "excluded",
                  "transferred": "transferred"}


def registry_shows(bailiff: Bailiff, reason: str, on: _dt.date | None = None) -> Bailiff:
    """Make the registry show the ground a redistribution for `reason` needs, from `on` (today), as the
    registry's services record it, but without their leaving task: no case moves until the test moves it.
    `absent_over_month`: a leave of 40 days from `on`."""
    from bailiffs.models import BailiffPause, BailiffStatusChange

    on = on or timezone.localdate()
    if reason == "absent_over_month":
        BailiffPause.objects.create(bailiff=bailiff, starts_on=on, ends_on=on + _dt.timedelta(days=40), reason="leave")
        return bailiff
    status = _GROUND_STATUS[reason]
    BailiffStatusChange.objects.create(bailiff=bailiff, previous_status=bailiff.status, status=status,
                                       previous_region_id=bailiff.region_id, region_id=bailiff.region_id,
                                       effective_on=on, order_reference="MJ order 1")
    Bailiff.objects.filter(pk=bailiff.pk).update(status=status)
    bailiff.status = status
    return bailiff


# --- assignment ---------------------------------------------------------------------------------------


class AssignedApplicationFactory(ApplicationFactory):
    """An accepted application distributed for real by the rotation (`application_distribute`): it has an
    active assignment to the bailiff whose turn it is; `.decision` is the distribution decision.
    `acknowledged=True`: the bailiff has acknowledged receipt; `initiated=True`: and initiated enforcement
    proceedings today (decision ВП-1), so the case is in enforcement. Both through the workspace services."""

    accepted = True

    @factory.post_generation
    def distribute(self, create, extracted, **kwargs):
        if not create:
            return
        from assignment.services import application_distribute

        decision = application_distribute(application_id=self.pk)
        assert decision is not None, "no eligible bailiff in the region"
        self.refresh_from_db()
        self.decision = decision

    @factory.post_generation
    def acknowledged(self, create, extracted, **kwargs):
        if create and extracted:
            from assignment.services import case_acknowledge

            case_acknowledge(application=self, by=self.assigned_bailiff.user)

    @factory.post_generation
    def initiated(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        from assignment.models import Assignment
        from assignment.services import case_acknowledge, case_initiate

        if Assignment.objects.filter(application=self, is_active=True, acknowledged_at=None).exists():
            case_acknowledge(application=self, by=self.assigned_bailiff.user)
        case_initiate(application=self, by=self.assigned_bailiff.user, decision_number="ВП-1",
                      decision_date=timezone.localdate())
        self.refresh_from_db()
