import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chamber_portal.core.errors import TransitionError
from chamber_portal.core.iin import BAD_CHECK_DIGIT
from intake.checks import (
    ALIMONY_NEEDS_INDIVIDUALS,
    ALREADY_FILED,
    AMOUNT_MUST_BE_POSITIVE,
    AMOUNT_NOT_FOR_NON_PROPERTY,
    DATE_IN_FUTURE,
    DOCUMENT_MISSING,
    EFFECTIVE_BEFORE_DECISION,
    OBLIGATION_REQUIRED,
    STATE_CLAIM_ABOVE_THRESHOLD,
)
from intake.models import Application, Status
from intake.selectors import application_timeline
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
from intake.services.documents import FILE_EMPTY, FILE_ENCRYPTED, FILE_NOT_PDF, FILE_TOO_LARGE
from tests.factories import VALID_BIN, ApplicationFactory, UserFactory, pdf_bytes, pdf_upload, region

pytestmark = pytest.mark.django_db
ALL_TICKED = dict.fromkeys(CHECKLIST, True)


def _problems(application, by=None):
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, by=by or application.lawyer)
    return error.value.message_dict


def _submitted(**kwargs):
    application = ApplicationFactory(**kwargs)
    return application_submit(application=application, by=application.lawyer)


def test_a_submission_gets_a_reference_a_due_date_and_an_email_in_the_lawyers_language(
    django_capture_on_commit_callbacks,
):
    lawyer = UserFactory(role="lawyer", language="kk", email="asel@example.kz")
    with (
        time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 20, 10, 0)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application = _submitted(lawyer=lawyer)
    assert application.status == Status.SUBMITTED
    assert re.fullmatch(r"75-2026-\d{6}", application.reference)
    # 10 working days from Friday 20 March 2026, Nauryz (21-25 March) skipped.
    assert application.original_due == date(2026, 4, 8)
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject
    assert "Өтініш" in mail.outbox[0].subject  # Kazakh: "Application"


def test_references_count_up_per_region_and_year():
    first, second = _submitted(), _submitted()
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    other = _submitted(region=region("KZ-71"))
    assert other.reference.startswith("71-")


def test_a_state_claim_above_1000_mrp_is_refused():
    application = ApplicationFactory(category="state_claim", creditor_kind="state", amount_kzt=Decimal("4325000.01"))
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 6, 1, 10, 0))):
        problems = _problems(application)
    assert problems["amount_kzt"] == [
        str(STATE_CLAIM_ABOVE_THRESHOLD % {"limit_mrp": 1000, "limit_kzt": "4 325 000", "year": 2026})
    ]


def test_a_state_claim_of_exactly_1000_mrp_is_submitted():
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 6, 1, 10, 0))):
        assert _submitted(category="state_claim", creditor_kind="state", amount_kzt=Decimal("4325000")).reference


def test_submission_reports_every_problem_at_once(time_machine):
    time_machine.move_to(date(2026, 6, 1), tick=False)
    application = ApplicationFactory(
        creditor_iin_bin="940140000386",
        amount_kzt=Decimal("0"),
        decision_date=date(2025, 12, 10),
        decision_effective_date=date(2025, 12, 1),
        with_documents=False,
    )
    problems = _problems(application)
    assert problems["creditor_iin_bin"] == [str(BAD_CHECK_DIGIT)]
    assert problems["amount_kzt"] == [str(AMOUNT_MUST_BE_POSITIVE)]
    assert str(EFFECTIVE_BEFORE_DECISION) in problems["decision_effective_date"]
    assert problems["document_power_of_attorney"] == [str(DOCUMENT_MISSING["power_of_attorney"])]
    assert problems["document_decision_scan"] == [str(DOCUMENT_MISSING["decision_scan"])]
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_alimony_needs_individuals_on_both_sides():
    problems = _problems(ApplicationFactory(category="alimony", alimony_basis="fixed_sum"))
    assert str(ALIMONY_NEEDS_INDIVIDUALS) in problems["category"]


def test_alimony_as_a_share_of_income_needs_no_amount():
    assert _submitted(
        category="alimony",
        alimony_basis="share_of_income",
        alimony_share="1/4",
        amount_kzt=None,
        creditor_kind="individual",
        creditor_iin_bin="061211600012",
    ).reference


def test_a_non_property_decision_has_an_obligation_and_no_amount():
    problems = _problems(ApplicationFactory(category="non_property", amount_kzt=Decimal("1")))
    assert problems["amount_kzt"] == [str(AMOUNT_NOT_FOR_NON_PROPERTY)]
    assert problems["obligation"] == [str(OBLIGATION_REQUIRED)]
    assert _submitted(category="non_property", amount_kzt=None, obligation="Выселить из квартиры").reference


def test_a_document_date_in_the_future_is_refused():
    future = timezone.localdate() + timedelta(days=1)
    problems = _problems(ApplicationFactory(document_issued_at=future))
    assert problems["document_issued_at"] == [str(DATE_IN_FUTURE)]


def test_an_expired_presentation_period_is_refused(time_machine):
    time_machine.move_to(date(2026, 6, 1), tick=False)
    problems = _problems(
        ApplicationFactory(
            decision_date=date(2020, 1, 10),
            decision_effective_date=date(2020, 2, 10),
            document_issued_at=date(2020, 2, 15),
        )
    )
    assert any("10.02.2023" in message for message in problems["decision_effective_date"])


def test_a_document_already_filed_is_refused_naming_its_reference():
    first = _submitted(document_number="ИЛ-42", debtor_iin_bin="791028302728")
    again = ApplicationFactory(document_number="ил-42", debtor_iin_bin="791028302728")
    assert _problems(again)["document_number"] == [str(ALREADY_FILED % {"reference": first.reference})]


def test_a_returned_document_may_be_filed_again():
    first = _submitted(document_number="ИЛ-43")
    application_return(application=first, by=UserFactory(role="staff"), reason="incomplete", message="Нет листа 2")
    assert _submitted(document_number="ИЛ-43").reference


def test_the_paper_original_path_ends_accepted_with_a_timeline():
    staff = UserFactory(role="staff", region=region("KZ-75"))
    application = _submitted()
    application_register_original(
        application=application,
        by=staff,
        registry_number="ВХ-1",
        received_at=timezone.now(),
        condition_note="Без повреждений",
    )
    application = application_accept(application=application, by=staff, checklist=ALL_TICKED)
    assert application.status == Status.ACCEPTED and application.accepted_at
    steps = [(e.from_state, e.to_state) for e in application_timeline(application)]
    assert steps == [("draft", "submitted"), ("submitted", "original_received"), ("original_received", "accepted")]


def test_accepting_needs_every_point_of_the_comparison():
    staff = UserFactory(role="staff")
    application = _submitted()
    application_register_original(application=application, by=staff, registry_number="ВХ-2", received_at=timezone.now())
    with pytest.raises(ValidationError):
        application_accept(application=application, by=staff, checklist={**ALL_TICKED, "amount": False})


def test_regional_staff_cannot_act_on_another_region():
    application = _submitted()
    with pytest.raises(PermissionDenied):
        application_register_original(
            application=application,
            by=UserFactory(role="staff", region=region("KZ-71")),
            registry_number="X",
            received_at=timezone.now(),
        )


def test_a_lost_original_waits_for_the_duplicate_and_does_not_lapse():
    application = _submitted()
    application_report_original_lost(
        application=application,
        by=application.lawyer,
        duplicate_requested_on=timezone.localdate(),
        state_fee_receipt="КВ-77",
        expected_on=timezone.localdate() + timedelta(days=20),
    )
    assert applications_lapse_overdue(today=application.original_due + timedelta(days=30)) == 0
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DUPLICATE
    staff = UserFactory(role="staff")
    application_register_original(application=application, by=staff, registry_number="ВХ-3", received_at=timezone.now())
    application.refresh_from_db()
    assert application.status == Status.ORIGINAL_RECEIVED


def test_an_original_past_due_lapses_once():
    application = _submitted()
    assert applications_lapse_overdue(today=application.original_due) == 0
    assert applications_lapse_overdue(today=application.original_due + timedelta(days=1)) == 1
    assert applications_lapse_overdue(today=application.original_due + timedelta(days=1)) == 0
    application.refresh_from_db()
    assert application.status == Status.LAPSED


def test_a_submitted_application_cannot_be_edited_or_submitted_twice():
    application = _submitted()
    with pytest.raises(TransitionError) as error:
        application_save_draft(lawyer=application.lawyer, application=application, data={"debtor_name": "X"})
    assert error.value.code == "not_draft"
    with pytest.raises(TransitionError):
        application_submit(application=application, by=application.lawyer)


def test_a_returned_application_is_filed_again_from_a_copy_with_its_documents():
    application = _submitted()
    application_return(
        application=application, by=UserFactory(role="staff"), reason="incomplete", message="Нет доверенности"
    )
    copy = application_copy(source=application, by=application.lawyer)
    assert copy.status == Status.DRAFT and copy.copied_from == application
    assert copy.debtor_name == application.debtor_name and copy.documents.count() == 2
    assert application_submit(application=copy, by=copy.lawyer).reference != application.reference


def test_drafts_keep_whatever_was_typed():
    lawyer = UserFactory(role="lawyer")
    draft = application_save_draft(
        lawyer=lawyer, data={"debtor_name": "  Иванов ", "creditor_iin_bin": "9401 4000 0385"}
    )
    assert (draft.debtor_name, draft.creditor_iin_bin, draft.status) == ("Иванов", VALID_BIN, Status.DRAFT)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", FILE_EMPTY),
        (b"just text, renamed", FILE_NOT_PDF),
    ],
)
def test_uploads_that_are_not_pdfs_are_refused(content, problem):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = ApplicationFactory(with_documents=False)
    with pytest.raises(ValidationError) as error:
        document_attach(
            application=draft, kind="decision_scan", file=SimpleUploadedFile("x.pdf", content), by=draft.lawyer
        )
    assert error.value.message_dict["file"] == [str(problem)]


def test_an_encrypted_pdf_is_refused():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    draft = ApplicationFactory(with_documents=False)
    with pytest.raises(ValidationError) as error:
        document_attach(
            application=draft,
            kind="decision_scan",
            file=SimpleUploadedFile("x.pdf", buffer.getvalue()),
            by=draft.lawyer,
        )
    assert error.value.message_dict["file"] == [str(FILE_ENCRYPTED)]


def test_a_file_over_the_limit_is_refused(settings):
    settings.INTAKE_UPLOAD_MAX_BYTES = 100
    draft = ApplicationFactory(with_documents=False)
    with pytest.raises(ValidationError) as error:
        document_attach(application=draft, kind="decision_scan", file=pdf_upload(), by=draft.lawyer)
    assert error.value.message_dict["file"] == [str(FILE_TOO_LARGE % {"limit": 0})]


def test_a_new_decision_scan_replaces_the_old_one():
    draft = ApplicationFactory()
    document_attach(application=draft, kind="decision_scan", file=pdf_upload("new.pdf"), by=draft.lawyer)
    assert list(draft.documents.filter(kind="decision_scan").values_list("original_name", flat=True)) == ["new.pdf"]
