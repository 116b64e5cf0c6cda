"""Every API resource under /api/v1/ (DESIGN §7); each app registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from assignment.api import ApplicationRedistributeApi, DistributionLogViewSet
from bailiffs.api import BailiffViewSet
from chamber_portal.core.api import RegionViewSet, TokenObtainApi
from intake.api import ApplicationViewSet, DocumentKindViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("applications", ApplicationViewSet, basename="application")
router.register("document-kinds", DocumentKindViewSet, basename="document-kind")
router.register("bailiffs", BailiffViewSet, basename="bailiff")
router.register("distribution-log", DistributionLogViewSet, basename="distribution-log")

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    # A plain view before the router's: no route of the applications viewset may catch it.
    path("applications/<int:pk>/redistribute/", ApplicationRedistributeApi.as_view(),
         name="application-redistribute"),
    *router.urls,
]
