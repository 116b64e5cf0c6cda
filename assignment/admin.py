"""Read-only: the rotation's state and the decisions are written by the distribution services alone, and the
decisions are append-only (docs/domain.md §5)."""

from django.contrib import admin

from chamber_portal.core.admin_base import ReadOnlyAdmin

from .models import (
    Assignment,
    BailiffTurn,
    DecisionToNotify,
    DistributionDecision,
    EnforcementAction,
    PendingDistribution,
    RegionQueue,
)


@admin.register(RegionQueue)
class RegionQueueAdmin(ReadOnlyAdmin):
    list_display = ["region", "turn"]
    list_select_related = ["region"]


@admin.register(BailiffTurn)
class BailiffTurnAdmin(ReadOnlyAdmin):
    list_display = ["bailiff", "region", "last_turn", "last_assigned_at"]
    list_filter = ["region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number"]
    list_select_related = ["bailiff", "region"]


@admin.register(DistributionDecision)
class DistributionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "region", "turn", "application", "reason", "chosen", "rule", "rule_version"]
    list_filter = ["reason", "region"]
    search_fields = ["application__reference", "chosen__full_name"]
    list_select_related = ["region", "application", "chosen"]
    raw_id_fields = ["application", "chosen", "previous_bailiff", "by"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "bailiff", "is_active", "assigned_at", "ended_at", "end_reason"]
    list_filter = ["is_active", "end_reason"]
    search_fields = ["application__reference", "bailiff__full_name"]
    list_select_related = ["application", "bailiff"]
    raw_id_fields = ["application", "bailiff", "decision"]
    show_full_result_count = False


@admin.register(PendingDistribution)
class PendingDistributionAdmin(ReadOnlyAdmin):
    list_display = ["application", "since", "attempts", "reason", "previous_bailiff"]
    list_filter = ["reason"]
    list_select_related = ["application", "previous_bailiff"]
    raw_id_fields = ["application", "previous_bailiff"]


@admin.register(DecisionToNotify)
class DecisionToNotifyAdmin(ReadOnlyAdmin):
    """Decisions whose notices the notifications queue has not written yet: empty, or shortly so, when the
    worker keeps up (docs/operations.md, Queues)."""

    list_display = ["decision"]
    list_select_related = ["decision"]
    raw_id_fields = ["decision"]


@admin.register(EnforcementAction)
class EnforcementActionAdmin(ReadOnlyAdmin):
    """Recorded by the holding bailiff through the workspace service only."""

    list_display = ["application", "kind", "date", "amount_kzt", "on_housing", "recorded_by", "recorded_at"]
    list_filter = ["kind", "on_housing"]
    search_fields = ["application__reference", "court_decision_ref"]
    list_select_related = ["application", "recorded_by"]
