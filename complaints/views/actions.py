"""One POST view per action, each calling one service: a rule's refusal is a message, a field's problem is
shown at the field on the page the form came from, with what was typed. "Not yours" is a 404."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError

from ..forms import AppealDecideForm, AppealForm, DecideForm, ExplanationForm, HandoverForm, ReleaseForm, TakeForm
from ..selectors import breach_decisions_visible_to, complaints_visible_to, reassignments_visible_to
from ..services import (
    breach_decision_appeal,
    breach_decision_appeal_decide,
    complaint_decide,
    complaint_explain,
    complaint_take,
    handover_record,
    reassignment_release,
)
from ..services.common import REQUIRED
from .common import STAFF, back, show_again, show_problems

TAKEN = _("The complaint is under review.")
EXPLAINED = _("Your explanation is recorded.")
DECIDED = _("The decision on the complaint is recorded; the lawyer and the bailiff are told.")
APPEALED = _("The appeal is recorded: the decision is not in force until the appeal is decided.")
APPEAL_DECIDED = _("The result of the appeal is recorded.")
HANDED_OVER = _("The step of the file's hand-over is recorded.")
RELEASED = _("Another bailiff is appointed: %(name)s.")
RELEASED_NOBODY = _(
    "The case was taken from the bailiff, but no other bailiff of the region is eligible now: it waits in the "
    "distribution log until one is."
)
RELEASE_CANCELLED = _("The case is no longer held by that bailiff: the request is closed.")


def _act(request, *, application, origin: str, form, call: Callable[[dict], object], success) -> object:
    """Run `call` with the parsed form. A refusal by a rule goes back with a message; field problems are
    shown at the fields on the page the form came from."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except PermissionDenied as error:  # e.g. the record left the user's region between read and write
            raise Http404 from error
        except TransitionError as error:
            messages.error(request, error.message)
            return back(origin, application)
        except ValidationError as error:
            show_problems(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return back(origin, application)
    return show_again(request, origin, application, {form.prefix: form})


def _origin(request) -> str:
    return request.POST.get("origin", "case")


# --- on a complaint ----------------------------------------------------------------------------------


@role_required(*STAFF)
@require_POST
def take(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    form = TakeForm(request.POST, prefix="take", complaint=complaint)
    return _act(request, application=complaint.application, origin=f"complaint-{pk}", form=form, success=TAKEN,
                call=lambda data: complaint_take(complaint=complaint, by=request.user, owner=data["owner"]))


@role_required("bailiff")
@require_POST
def explain(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)  # only the bailiff complained about
    form = ExplanationForm(request.POST, prefix="explain")
    return _act(request, application=complaint.application, origin=f"complaint-{pk}", form=form, success=EXPLAINED,
                call=lambda data: complaint_explain(complaint=complaint, by=request.user, **data))


@role_required(*STAFF)
@require_POST
def decide(request, pk):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    form = DecideForm(request.POST, request.FILES, prefix="decide")
    return _act(request, application=complaint.application, origin=f"complaint-{pk}", form=form, success=DECIDED,
                call=lambda data: complaint_decide(complaint=complaint, by=request.user, **data))


# --- on a breach decision ----------------------------------------------------------------------------


@role_required(*STAFF)
@require_POST
def appeal(request, pk):
    decision = get_object_or_404(breach_decisions_visible_to(request.user), pk=pk)
    form = AppealForm(request.POST, prefix=f"appeal-{pk}")
    return _act(request, application=decision.application, origin=_origin(request), form=form, success=APPEALED,
                call=lambda data: breach_decision_appeal(decision=decision, by=request.user, **data))


@role_required(*STAFF)
@require_POST
def appeal_decide(request, pk):
    decision = get_object_or_404(breach_decisions_visible_to(request.user), pk=pk)
    form = AppealDecideForm(request.POST, prefix=f"appeal-decide-{pk}")

    def call(data):
        if not data["result"]:
            raise ValidationError({"result": [REQUIRED]})
        return breach_decision_appeal_decide(decision=decision, by=request.user, upheld=data["result"] == "upheld",
                                             decided_on=data["decided_on"], effective_on=data["effective_on"])

    return _act(request, application=decision.application, origin=_origin(request), form=form,
                success=APPEAL_DECIDED, call=call)


# --- on a held reassignment ----------------------------------------------------------------------------


def _released(reassignment):
    def message(result):
        if result is not None:
            return RELEASED % {"name": result.chosen.full_name}
        reassignment.refresh_from_db(fields=["status"])
        return RELEASED_NOBODY if reassignment.status == "released" else RELEASE_CANCELLED
    return message


@role_required(*STAFF)
@require_POST
def release(request, pk):
    """Release now: refused with clause 12's reason until a breach decision against the bailiff is in force."""
    reassignment = get_object_or_404(reassignments_visible_to(request.user), pk=pk)
    form = ReleaseForm(request.POST, prefix=f"release-{pk}")
    return _act(request, application=reassignment.application, origin=_origin(request), form=form,
                success=_released(reassignment),
                call=lambda data: reassignment_release(reassignment=reassignment, by=request.user))


@role_required(*STAFF)
@require_POST
def handover(request, pk):
    reassignment = get_object_or_404(reassignments_visible_to(request.user), pk=pk)
    form = HandoverForm(request.POST, prefix=f"handover-{pk}")
    return _act(request, application=reassignment.application, origin=_origin(request), form=form,
                success=HANDED_OVER,
                call=lambda data: handover_record(reassignment=reassignment, by=request.user, **data))
