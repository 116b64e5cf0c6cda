"""Every API resource under /api/v1/ (docs/architecture.md §7); each app registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from assignment import workspace_api
from assignment.api import ApplicationRedistributeApi, DistributionLogViewSet
from bailiffs.api import BailiffViewSet
from chamber_portal.core.api import RegionViewSet
from chamber_portal.core.security.api import LogoutApi, TokenObtainApi
from complaints.api import BreachDecisionViewSet, ComplaintViewSet, ReassignmentViewSet
from inspections.api import InspectionCandidateViewSet, InspectionViewSet
from intake.access_log import ApplicationAccessLogApi
from intake.api import ApplicationViewSet, DocumentKindViewSet, EventFeedApi, PowerOfAttorneyViewSet
from webhooks.api import WebhookEndpointViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("applications", ApplicationViewSet, basename="application")
router.register("document-kinds", DocumentKindViewSet, basename="document-kind")
router.register("powers-of-attorney", PowerOfAttorneyViewSet, basename="power-of-attorney")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")
router.register("bailiffs", BailiffViewSet, basename="bailiff")
router.register("distribution-log", DistributionLogViewSet, basename="distribution-log")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("breach-decisions", BreachDecisionViewSet, basename="breach-decision")
router.register("reassignments", ReassignmentViewSet, basename="reassignment")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("inspection-candidates", InspectionCandidateViewSet, basename="inspection-candidate")

urlpatterns = [
    path("events/", EventFeedApi.as_view(), name="events"),
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("auth/logout/", LogoutApi.as_view(), name="api-logout"),
    path("applications/<int:pk>/access-log/", ApplicationAccessLogApi.as_view(), name="application-access-log"),
    # A plain view before the router's: no route of the applications viewset may catch it.
    path("applications/<int:pk>/redistribute/", ApplicationRedistributeApi.as_view(),
         name="application-redistribute"),
    # The bailiff's work on a case (assignment.workspace_api), plain views as well.
    path("applications/<int:pk>/enforcement/", workspace_api.CaseEnforcementApi.as_view(),
         name="application-enforcement"),
    path("applications/<int:pk>/acknowledge/", workspace_api.CaseAcknowledgeApi.as_view(),
         name="application-acknowledge"),
    path("applications/<int:pk>/initiate/", workspace_api.CaseInitiateApi.as_view(), name="application-initiate"),
    path("applications/<int:pk>/refuse/", workspace_api.CaseRefuseApi.as_view(), name="application-refuse"),
    path("applications/<int:pk>/actions/", workspace_api.CaseActionsApi.as_view(), name="application-actions"),
    path("applications/<int:pk>/actions/<int:action_id>/reverse/", workspace_api.CaseActionReverseApi.as_view(),
         name="application-action-reverse"),
    path("applications/<int:pk>/close/", workspace_api.CaseCloseApi.as_view(), name="application-close"),
    *router.urls,
]
