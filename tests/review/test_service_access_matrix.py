"""Every service checks who acts and for which region itself, whatever path calls it (web, API, admin, command,
task): each state-changing service, called directly with a valid set-up, by each role and by the system
(`by=None`). One row per service: how to call it, and who may. Everyone else gets PermissionDenied.

Regional staff act on their region only; national staff (no region) and administrators on all; a lawyer on his or
her own applications; a bailiff on the cases he or she holds now. The system acts only where a task or a command
calls the service (chamber_portal.core.access)."""

import importlib
import inspect
import pkgutil
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assignment.services import (
    application_redistribute,
    bailiff_cases_redistribute,
    case_acknowledge,
    case_action_record,
    case_close,
    case_initiate,
    case_refuse,
)
from assignment.services.workspace import case_action_reverse
from bailiffs.services import (
    bailiff_pause,
    bailiff_register,
    bailiff_set_status,
    bailiff_transfer,
    chamber_head_appoint,
    chamber_head_set_until,
    conflict_declare,
)
from chamber_portal.core.services import user_create, user_set_role
from complaints.services import (
    breach_decision_appeal,
    breach_decision_appeal_decide,
    breach_decision_register,
    complaint_decide,
    complaint_explain,
    complaint_file,
    complaint_take,
    disciplinary_case_decide,
    disciplinary_case_open,
    handover_record,
    reassignment_release,
)
from inspections.services import (
    inspection_add_case,
    inspection_complete,
    inspection_object,
    inspection_order,
    inspection_petition_carry_out,
    inspection_petition_outcome,
    inspection_record_finding,
    inspection_start,
)
from intake.services import (
    application_accept,
    application_copy,
    application_register_original,
    application_report_original_lost,
    application_return,
    application_save_draft,
    application_submit,
    document_attach,
    document_remove,
)
from intake.services.batch import applications_save_drafts, applications_submit_many
from intake.services.powers import power_of_attorney_upload
from intake.services.spreadsheet import (
    spreadsheet_attach_scans,
    spreadsheet_file,
    spreadsheet_import_start,
    spreadsheet_rows_update,
    spreadsheet_submit,
)
from tests.factories import VALID_BIN, VALID_IIN_2, UserFactory, pdf_upload, registry_shows
from webhooks.services import webhook_endpoint_create, webhook_endpoint_remove

from .scope_world import ROLES, SYSTEM, World

pytestmark = pytest.mark.django_db

# A Wednesday, a working day; the clock is frozen so that no set-up depends on the day the suite runs.
FROZEN = "2026-06-17 11:00 +05:00"

OWNER = {"lawyer"}
ANY_LAWYER = {"lawyer", "other_lawyer"}
HOLDER = {"bailiff"}
CHAMBER = {"staff", "national_staff", "admin"}  # staff of the record's region, national staff, administrators
ADMINS = {"admin"}


def act(service, /, *, actor: str = "by", **kwargs):
    """The call, its set-up done: what is left is who acts."""
    return lambda by: service(**{actor: by}, **kwargs)


def _raise_refusal(outcomes):
    """applications_submit_many answers each refusal in its place: raise it, as a single submit would."""
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return outcomes


def _template_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from intake import spreadsheet
    from intake.services.drafts import EDITABLE_FIELDS

    book = load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    examples = {column.field: column.example for column in spreadsheet.columns()}
    book.worksheets[0].append([examples[field] for field in EDITABLE_FIELDS])  # one valid row under the example
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bank.xlsx", buffer.getvalue())


def _sheet(world):
    from intake.models import ImportStatus, SpreadsheetImport

    return SpreadsheetImport.objects.create(lawyer=world.users["lawyer"], original_name="bank.xlsx",
                                            status=ImportStatus.CHECKED, rows=[], total=0, checked=0)


def _checked_sheet(world):
    from intake.services.spreadsheet import spreadsheet_check

    sheet = spreadsheet_import_start(lawyer=world.users["lawyer"], upload=_template_upload())
    spreadsheet_check(sheet_id=sheet.pk)  # what the queued task does
    return sheet


def _endpoint(world):
    """A webhook endpoint of the world's lawyer (a loopback address: development allows it, no DNS asked)."""
    return webhook_endpoint_create(lawyer=world.users["lawyer"], url="https://127.0.0.1/hook")


def _empty_zip():
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return SimpleUploadedFile("scans.zip", buffer.getvalue())


# (service, set-up and call, who may act). A set-up reads the world, which builds what it needs on first use.
MATRIX = [
    # intake
    (application_save_draft, lambda w: act(application_save_draft, actor="lawyer", data={"debtor_name": "Иванов"}),
     ANY_LAWYER),
    ("application_save_draft (a draft)", lambda w: act(application_save_draft, actor="lawyer", application=w.draft,
                                                       data={"debtor_name": "Иванов"}), OWNER),
    (document_attach, lambda w: act(document_attach, application=w.draft, kind="other", file=pdf_upload()), OWNER),
    (document_remove, lambda w: act(document_remove, document=w.draft.documents.first()), OWNER),
    (application_submit, lambda w: act(application_submit, application=w.draft), OWNER),
    (application_report_original_lost, lambda w: act(application_report_original_lost, application=w.submitted,
                                                     duplicate_requested_on=w.today, state_fee_receipt="КВ-1"),
     OWNER),
    (application_copy, lambda w: act(application_copy, source=w.returned), OWNER),
    (application_register_original, lambda w: act(application_register_original, application=w.submitted,
                                                  registry_number="ВХ-7", received_at=timezone.now()), CHAMBER),
    (application_accept, lambda w: act(application_accept, application=w.original_received, checklist=w.checklist),
     CHAMBER),
    (application_return, lambda w: act(application_return, application=w.submitted, reason="incomplete",
                                       message="Нет доверенности"), CHAMBER),
    # bulk filing (issue 14)
    (applications_save_drafts, lambda w: act(applications_save_drafts, actor="lawyer",
                                             items=[{"debtor_name": "Иванов"}]), ANY_LAWYER),
    (applications_submit_many, lambda w: lambda by: _raise_refusal(
        applications_submit_many(applications=[w.draft], by=by)), OWNER),
    (power_of_attorney_upload, lambda w: act(power_of_attorney_upload, actor="lawyer", creditor_iin_bin=VALID_BIN,
                                             valid_until=w.today + timedelta(days=90), file=pdf_upload()),
     ANY_LAWYER),
    (spreadsheet_import_start, lambda w: act(spreadsheet_import_start, actor="lawyer", upload=_template_upload()),
     ANY_LAWYER),
    (spreadsheet_rows_update, lambda w: act(spreadsheet_rows_update, sheet=_sheet(w), edits={}, dropped=set()),
     OWNER),
    (spreadsheet_file, lambda w: act(spreadsheet_file, sheet=_checked_sheet(w)), OWNER),
    (spreadsheet_attach_scans, lambda w: act(spreadsheet_attach_scans, sheet=_sheet(w), archive=_empty_zip()),
     OWNER),
    (spreadsheet_submit, lambda w: act(spreadsheet_submit, sheet=_sheet(w)), OWNER),
    # webhooks (issue 14): any lawyer registers his or her own endpoint; only its lawyer removes it
    (webhook_endpoint_create, lambda w: act(webhook_endpoint_create, actor="lawyer", url="https://127.0.0.1/hook",
                                            secret="s3cret-of-the-bank-0001"), ANY_LAWYER),
    (webhook_endpoint_remove, lambda w: act(webhook_endpoint_remove, endpoint=_endpoint(w)), OWNER),
    # distribution and the bailiff's work
    (application_redistribute, lambda w: registry_shows(w.holder, "excluded") and act(
        application_redistribute, application=w.case, reason="excluded"), CHAMBER | {SYSTEM}),
    (bailiff_cases_redistribute, lambda w: registry_shows(w.holder, "excluded") and act(
        bailiff_cases_redistribute, bailiff_id=w.holder.pk, reason="excluded"), CHAMBER | {SYSTEM}),
    (case_acknowledge, lambda w: act(case_acknowledge, application=w.case), HOLDER),
    (case_initiate, lambda w: act(case_initiate, application=w.acknowledged, decision_number="ПВ-2",
                                  decision_date=w.today), HOLDER),
    (case_refuse, lambda w: act(case_refuse, application=w.acknowledged, ground="not_in_force"), HOLDER),
    (case_action_record, lambda w: act(case_action_record, application=w.initiated, kind="notice", date=w.today),
     HOLDER),
    (case_action_reverse, lambda w: act(case_action_reverse, application=w.initiated, action=w.entry,
                                        reason="Внесено по ошибке"), HOLDER),
    (case_close, lambda w: act(case_close, application=w.initiated, outcome="executed_in_full"), HOLDER),
    # the registry
    (bailiff_register, lambda w: act(bailiff_register, user=w.new_bailiff_user, region=w.almaty),
     CHAMBER | {SYSTEM}),
    (bailiff_set_status, lambda w: act(bailiff_set_status, bailiff=w.holder, status="excluded",
                                       effective_on=w.today, reason="Решение Палаты № 3"), CHAMBER),
    (bailiff_transfer, lambda w: act(bailiff_transfer, bailiff=w.holder, region=w.astana, effective_on=w.today,
                                     reason="Приказ о переводе"), CHAMBER),
    (bailiff_pause, lambda w: act(bailiff_pause, bailiff=w.holder, starts_on=w.today,
                                  ends_on=w.today + timedelta(days=5), reason="illness"), CHAMBER),
    (conflict_declare, lambda w: act(conflict_declare, bailiff=w.holder, iin_bin=VALID_IIN_2, note="Родственник"),
     CHAMBER),
    (chamber_head_appoint, lambda w: act(chamber_head_appoint, region=w.almaty, bailiff=w.holder,
                                         from_date=w.today), CHAMBER),
    (chamber_head_set_until, lambda w: act(chamber_head_set_until, head=w.head,
                                           until_date=w.today + timedelta(days=30)), CHAMBER),
    # complaints and clause 12
    (complaint_file, lambda w: act(complaint_file, application=w.case, ground="delay", description="Затягивает"),
     OWNER),
    (complaint_take, lambda w: act(complaint_take, complaint=w.complaint, owner=w.staff), CHAMBER),
    (complaint_explain, lambda w: act(complaint_explain, complaint=w.complaint, explanation="Ждал ответа банка"),
     HOLDER),
    (complaint_decide, lambda w: act(complaint_decide, complaint=w.complaint, outcome="no_breach",
                                     decision_date=w.today, document_reference="ДК-2/2026"), CHAMBER),
    (breach_decision_register, lambda w: act(breach_decision_register, application=w.case, bailiff=w.holder,
                                             body="court", decision_date=w.today, effective_on=w.today,
                                             document_reference="2-7/2026"), CHAMBER),
    (breach_decision_appeal, lambda w: act(breach_decision_appeal, decision=w.breach_decision, filed_on=w.today),
     CHAMBER),
    (breach_decision_appeal_decide, lambda w: act(breach_decision_appeal_decide, decision=w.appealed_decision,
                                                  upheld=True, decided_on=w.today), CHAMBER),
    (reassignment_release, lambda w: act(reassignment_release, reassignment=w.releasable), CHAMBER | {SYSTEM}),
    (handover_record, lambda w: act(handover_record, reassignment=w.released, step="to_chamber", on=w.today),
     CHAMBER),
    (disciplinary_case_open, lambda w: act(disciplinary_case_open, bailiff=w.holder, source="other",
                                           source_reference="Письмо № 6", grounds="Грубость"), CHAMBER),
    (disciplinary_case_decide, lambda w: act(disciplinary_case_decide, case=w.disciplinary_case,
                                             outcome="no_breach", decision_date=w.today), CHAMBER),
    # inspections
    (inspection_order, lambda w: act(inspection_order, bailiff=w.holder, grounds=["own_initiative"],
                                     order_number="ПР-2", ordered_on=w.today, inspectors=[w.staff],
                                     period_from=w.today - timedelta(days=30), period_to=w.today,
                                     planned_start=w.today, planned_end=w.today), CHAMBER),
    (inspection_add_case, lambda w: act(inspection_add_case, inspection=w.inspection, application=w.case), CHAMBER),
    (inspection_start, lambda w: act(inspection_start, inspection=w.inspection), CHAMBER),
    (inspection_record_finding, lambda w: act(inspection_record_finding, case=w.inspection_in_progress.cases.get(),
                                              finding="Сроки соблюдены", violation=False), CHAMBER),
    (inspection_complete, lambda w: act(inspection_complete, inspection=w.inspection_in_progress,
                                        completed_on=w.today, outcome="no_violations", findings=""), CHAMBER),
    (inspection_object, lambda w: act(inspection_object, inspection=w.inspection_completed, text="Не согласен"),
     HOLDER),
    (inspection_petition_outcome, lambda w: act(inspection_petition_outcome, inspection=w.inspection_completed,
                                                order_reference="Приказ МЮ № 9", outcome="refused"), CHAMBER),
    (inspection_petition_carry_out, lambda w: act(inspection_petition_carry_out, inspection=w.inspection_completed,
                                                  order_reference="Приказ МЮ № 10"), CHAMBER),
    # users
    (user_create, lambda w: act(user_create, username="w.created", password="Str0ng-pass-2026", role="lawyer"),
     ADMINS | {SYSTEM}),
    (user_set_role, lambda w: act(user_set_role, user=UserFactory(role="lawyer", username="w.moves"), role="staff",
                                  region=w.almaty), ADMINS | {SYSTEM}),
]


def _name(service) -> str:
    return service if isinstance(service, str) else service.__name__


CASES = [pytest.param(row, role, id=f"{_name(row[0])}-{role}") for row in MATRIX for role in [*ROLES, SYSTEM]]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_only_who_may_act_can_call_the_service(row, role):
    service, prepare, allowed = row
    with time_machine.travel(FROZEN):
        world = World()
        call = prepare(world)
        by = world.actor(role)
        if role in allowed:
            call(by)  # a valid set-up: who may act gets through, and the service does its work
        else:
            with pytest.raises(PermissionDenied):
                call(by)


# The services no one calls on a user's behalf: the beat and the workers run them; they take no actor at all.
SYSTEM_ONLY = {
    "intake.services.lapse.applications_lapse_overdue",
    "assignment.services.distribute.application_distribute",
    "assignment.services.distribute.region_drain",
    "bailiffs.services.long_pauses_begin",
    "complaints.services.reassignments.reassignments_release_due",
    "webhooks.services.deliveries_create",
    "webhooks.services.delivery_attempt",
}
# Helpers the services above share, called only after their own check of who acts.
HELPERS = {"intake.services.common.transition"}
PACKAGES = ["intake.services", "assignment.services", "bailiffs.services", "complaints.services",
            "inspections.services", "chamber_portal.core.services", "webhooks.services"]


def _services():
    """Every public function of the services modules that takes an actor (`by`, or a draft's `lawyer`)."""
    found = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [importlib.import_module(f"{package}.{info.name}")
                        for info in pkgutil.iter_modules(module.__path__)]
        for mod in modules:
            for name, function in vars(mod).items():
                if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != mod.__name__:
                    continue
                found[f"{mod.__name__}.{name}"] = function
    return found


def test_every_service_that_takes_an_actor_has_a_row():
    def takes_actor(function):
        parameters = inspect.signature(function).parameters
        return any(parameters.get(name) and parameters[name].kind == inspect.Parameter.KEYWORD_ONLY
                   for name in ("by", "lawyer"))

    services = _services()
    acting = {function for path, function in services.items() if takes_actor(function) and path not in HELPERS}
    covered = {row[0] for row in MATRIX if not isinstance(row[0], str)}
    assert sorted(f.__qualname__ for f in acting - covered) == []
    # And the system's own services really take no actor, so no path can hand them a user's request.
    assert {path for path in SYSTEM_ONLY if path in services and not takes_actor(services[path])} == SYSTEM_ONLY
