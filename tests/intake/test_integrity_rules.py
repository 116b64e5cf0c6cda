"""Issue 12, intake: the parties decide the category, the threshold of the day, periods per document kind,
one live filing per enforcement document (proved with parallel transactions on PostgreSQL)."""

import threading
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import MonthlyCalculationIndex
from intake.models import Application, DocumentKind, Status
from intake.rules import (
    ALREADY_FILED,
    PREVIOUS_ENFORCEMENT_BEFORE_EFFECTIVE,
    STATE_CLAIM_MRP_MISSING,
    STATE_CREDITOR_IS_STATE_CLAIM,
)
from intake.services import application_accept, application_register_original, application_return, application_submit
from intake.services.decisions import CHECKLIST
from tests.factories import VALID_BIN, VALID_IIN_2, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
ALL_TICKED = dict.fromkeys(CHECKLIST, True)
STATE_BIN = VALID_BIN
# A year the MRP table will never hold: the clock is frozen there, so no test depends on today's year.
NO_MRP_YEAR = 2091


def _problems(application) -> dict:
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, by=application.lawyer)
    return error.value.message_dict


def _state_claim(**kwargs) -> Application:
    return ApplicationFactory(category="state_claim", creditor_kind="state", creditor_name="УГД по Медеускому району",
                              creditor_iin_bin=STATE_BIN, **kwargs)


@contextmanager
def _at(day: str):
    """That day in Almaty, in Russian (the dates of messages read 04.12.2025)."""
    with time_machine.travel(datetime.fromisoformat(f"{day}T11:00:00+05:00"), tick=False), translation.override("ru"):
        yield


# --- the parties decide the category ----------------------------------------------------------------------


def test_a_state_creditors_private_claim_is_refused_naming_the_right_category(client):
    application = ApplicationFactory(category="private_claim", creditor_kind="state", creditor_iin_bin=STATE_BIN,
                                     amount_kzt=Decimal("9000000.00"))
    client.force_login(application.lawyer)
    response = client.post(f"/api/v1/applications/{application.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["category"] == [
        str(STATE_CREDITOR_IS_STATE_CLAIM % {"category": "Decision in favour of the state (up to 1,000 MRP)"})
    ]
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_a_state_body_files_a_non_property_decision_which_has_no_threshold():
    application = ApplicationFactory(category="non_property", creditor_kind="state", creditor_iin_bin=STATE_BIN,
                                     amount_kzt=None, obligation="Освободить земельный участок")
    assert application_submit(application=application, by=application.lawyer).status == Status.SUBMITTED


# --- the threshold of the day -----------------------------------------------------------------------------


def test_a_year_without_an_mrp_refuses_only_state_claims():
    with _at(f"{NO_MRP_YEAR}-02-10"):
        state = _state_claim(amount_kzt=Decimal("100000.00"))
        assert _problems(state)["amount_kzt"] == [str(STATE_CLAIM_MRP_MISSING % {"year": NO_MRP_YEAR})]
        alimony = {"creditor_kind": "individual", "creditor_iin_bin": VALID_IIN_2, "alimony_basis": "share_of_income",
                   "alimony_share": "1/4", "amount_kzt": None}
        for category, extra in [("private_claim", {}), ("alimony", alimony),
                                ("non_property", {"amount_kzt": None, "obligation": "Выселить"})]:
            other = ApplicationFactory(category=category, **extra)
            assert application_submit(application=other, by=other.lawyer).status == Status.SUBMITTED


def test_a_state_claim_files_once_an_administrator_adds_the_mrp_of_the_year():
    MonthlyCalculationIndex.objects.create(year=NO_MRP_YEAR, amount_kzt=Decimal("5000"))
    with _at(f"{NO_MRP_YEAR}-02-10"):
        application = _state_claim(amount_kzt=Decimal("5000000.00"))  # exactly 1,000 MRP of that year
        assert application_submit(application=application, by=application.lawyer).status == Status.SUBMITTED


def _received_state_claim(amount: str, submitted_on: str, staff) -> Application:
    with _at(submitted_on):
        application = application_submit(application=(claim := _state_claim(amount_kzt=Decimal(amount))),
                                         by=claim.lawyer)
        return application_register_original(application=application, by=staff, registry_number="ВХ-1",
                                             received_at=timezone.now(), condition_note="")


def test_acceptance_checks_the_threshold_again_against_the_mrp_of_that_day(national_staff):
    MonthlyCalculationIndex.objects.update_or_create(year=NO_MRP_YEAR - 1, defaults={"amount_kzt": Decimal("5000")})
    MonthlyCalculationIndex.objects.update_or_create(year=NO_MRP_YEAR, defaults={"amount_kzt": Decimal("4000")})
    application = _received_state_claim("4500000.00", f"{NO_MRP_YEAR - 1}-12-28", national_staff)
    with _at(f"{NO_MRP_YEAR}-01-12"), pytest.raises(TransitionError) as error:
        application_accept(application=application, by=national_staff, checklist=ALL_TICKED)
    assert error.value.code == "state_claim_threshold"
    assert "4 000 000" in str(error.value)
    assert Application.objects.get(pk=application.pk).status == Status.ORIGINAL_RECEIVED


def test_acceptance_is_a_409_when_the_new_years_mrp_is_missing(client, national_staff):
    MonthlyCalculationIndex.objects.update_or_create(year=NO_MRP_YEAR - 1, defaults={"amount_kzt": Decimal("5000")})
    application = _received_state_claim("100000.00", f"{NO_MRP_YEAR - 1}-12-28", national_staff)
    with _at(f"{NO_MRP_YEAR}-01-12"):
        client.force_login(national_staff)
        response = client.post(f"/api/v1/applications/{application.pk}/accept/", {"checklist": ALL_TICKED},
                               content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["code"] == "state_claim_threshold"
    assert str(NO_MRP_YEAR) in response.json()["detail"]


# --- staff are warned in December --------------------------------------------------------------------------


@pytest.mark.parametrize(("month_day", "warned"), [("12-03", True), ("11-30", False)])
def test_staff_are_warned_in_december_when_next_years_mrp_and_calendar_are_missing(client, national_staff,
                                                                                   month_day, warned):
    MonthlyCalculationIndex.objects.update_or_create(year=NO_MRP_YEAR - 1, defaults={"amount_kzt": Decimal("5000")})
    with _at(f"{NO_MRP_YEAR - 1}-{month_day}"):
        client.force_login(national_staff)
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (f"The MRP for {NO_MRP_YEAR} is not in the table yet" in page) is warned
    assert (f"No transferred working days or extra days off are recorded for {NO_MRP_YEAR}" in page) is warned


def test_staff_but_never_the_lawyer_are_warned_every_day_of_a_year_without_its_mrp(client, national_staff, lawyer):
    with _at(f"{NO_MRP_YEAR}-05-05"):
        client.force_login(national_staff)
        assert f"The MRP for {NO_MRP_YEAR} is not in the table: state claims" in client.get(
            "/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.force_login(lawyer)
        assert "data-reference-warning" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


# --- presentation periods per document kind ----------------------------------------------------------------


def _old_writ(**kwargs) -> Application:
    """A writ whose decision entered into force on 4 December 2022: its three years ended on 4 December 2025."""
    return ApplicationFactory(decision_date=date(2022, 11, 3), decision_effective_date=date(2022, 12, 4),
                              document_issued_at=date(2022, 12, 10), **kwargs)


def test_a_writ_past_three_years_is_refused_saying_which_period_applies_and_when_it_ended():
    with _at("2026-06-01"):
        problems = _problems(_old_writ())
    message = problems["decision_effective_date"][0]
    assert "04.12.2022" in message and "04.12.2025" in message


def test_a_writ_whose_period_an_earlier_enforcement_interrupted_is_filed():
    with _at("2026-06-01"):
        application = _old_writ(previous_enforcement_ended_on=date(2024, 6, 1))  # runs again until 1 June 2027
        assert application_submit(application=application, by=application.lawyer).status == Status.SUBMITTED


def test_an_interrupted_period_that_ran_out_again_is_refused_naming_the_day_it_ran_from():
    with _at("2026-06-01"):
        problems = _problems(_old_writ(previous_enforcement_ended_on=date(2023, 3, 1)))
    assert "01.03.2023" in problems["decision_effective_date"][0]
    assert "01.03.2026" in problems["decision_effective_date"][0]


def test_a_writ_whose_period_a_court_restored_is_filed():
    with _at("2026-06-01"):
        application = _old_writ(period_restored_by="Определение Медеуского районного суда № 2-1234 от 10.05.2026")
        assert application_submit(application=application, by=application.lawyer).status == Status.SUBMITTED


def test_an_earlier_enforcement_ending_before_entry_into_force_or_in_the_future_is_refused():
    with _at("2026-06-01"):
        before = _problems(_old_writ(previous_enforcement_ended_on=date(2022, 1, 1)))
        future = _problems(_old_writ(previous_enforcement_ended_on=date(2026, 7, 1)))
        assert before["previous_enforcement_ended_on"] == [str(PREVIOUS_ENFORCEMENT_BEFORE_EFFECTIVE)]
    assert "previous_enforcement_ended_on" in future


def test_an_administrative_offence_ruling_has_one_year():
    ruling = DocumentKind.objects.get(code="administrative_offence_ruling")
    with _at("2026-06-01"):
        late = ApplicationFactory(document_kind=ruling, decision_date=date(2025, 4, 1),
                                  decision_effective_date=date(2025, 5, 1), document_issued_at=date(2025, 5, 2))
        assert "01.05.2026" in _problems(late)["decision_effective_date"][0]
        in_time = ApplicationFactory(document_kind=ruling, decision_date=date(2025, 6, 1),
                                     decision_effective_date=date(2025, 7, 1), document_issued_at=date(2025, 7, 2))
        assert application_submit(application=in_time, by=in_time.lawyer).status == Status.SUBMITTED


def test_the_presentation_period_comes_from_the_admin_editable_table():
    DocumentKind.objects.filter(code="writ").update(presentation_period_years=5)
    with _at("2026-06-01"):
        application = _old_writ()
        assert application_submit(application=application, by=application.lawyer).status == Status.SUBMITTED


def test_the_api_takes_the_interruption_and_the_restoration(client, lawyer):
    client.force_login(lawyer)
    created = client.post("/api/v1/applications/", {
        "previous_enforcement_ended_on": "2024-06-01", "period_restored_by": "Определение № 2-1",
    }, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["previous_enforcement_ended_on"] == "2024-06-01"
    assert body["period_restored_by"] == "Определение № 2-1"


# --- one enforcement document, one live filing -------------------------------------------------------------


def _same_document(first: Application, **kwargs) -> Application:
    same = {"document_kind": first.document_kind, "document_number": first.document_number,
            "court_case_number": first.court_case_number, "debtor_iin_bin": first.debtor_iin_bin}
    return ApplicationFactory(**{**same, **kwargs})


def test_a_second_filing_of_the_same_document_is_refused_naming_the_first_reference():
    first = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    second = _same_document(first, court_case_number=f"  {first.court_case_number.lower()} ")
    assert _problems(second)["document_number"] == [str(ALREADY_FILED % {"reference": first.reference})]


def test_the_same_number_files_for_another_court_case_and_again_once_the_first_was_returned(national_staff):
    first = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    other_case = _same_document(first, court_case_number="3599-24-00-2а/2151")
    assert application_submit(application=other_case, by=other_case.lawyer).status == Status.SUBMITTED
    application_return(application=first, by=national_staff, reason="incomplete", message="Нет доверенности")
    again = _same_document(first)
    assert application_submit(application=again, by=again.lawyer).status == Status.SUBMITTED


@pytest.mark.postgres
def test_the_database_itself_refuses_a_second_live_filing_written_around_the_service():
    first = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    second = _same_document(first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(status=Status.SUBMITTED)


ROUNDS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_of_the_same_document_at_the_same_instant_file_it_once():
    """Real parallel transactions: both drafts pass the check before either commits; the index decides."""
    outcomes, lawyer_ids = [], []
    for _round in range(ROUNDS):
        lawyers = [UserFactory(role="lawyer"), UserFactory(role="lawyer")]
        lawyer_ids += [lawyer.pk for lawyer in lawyers]
        first = ApplicationFactory(lawyer=lawyers[0])
        drafts = [first, _same_document(first, lawyer=lawyers[1])]
        barrier = threading.Barrier(2)
        results: dict[int, object] = {}

        def submit(index: int, drafts=drafts, lawyers=lawyers, barrier=barrier, results=results) -> None:
            try:
                barrier.wait(timeout=10)
                results[index] = application_submit(application=drafts[index], by=lawyers[index]).reference
            except ValidationError as error:
                results[index] = error.message_dict
            finally:
                connection.close()

        threads = [threading.Thread(target=submit, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        filed = [result for result in results.values() if isinstance(result, str)]
        refused = [result for result in results.values() if isinstance(result, dict)]
        assert len(filed) == 1 and len(refused) == 1, results
        assert refused[0]["document_number"] == [str(ALREADY_FILED % {"reference": filed[0]})]
        outcomes.append(filed[0])
    live = Application.objects.filter(lawyer_id__in=lawyer_ids).exclude(status=Status.DRAFT).count()
    assert live == ROUNDS == len(set(outcomes))


def test_the_api_refuses_a_second_filing_with_a_400_naming_the_first_reference(client):
    first = application_submit(application=(draft := ApplicationFactory()), by=draft.lawyer)
    second = _same_document(first)
    client.force_login(second.lawyer)
    response = client.post(f"/api/v1/applications/{second.pk}/submit/")
    assert response.status_code == 400
    assert first.reference in response.json()["document_number"][0]
