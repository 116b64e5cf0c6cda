"""Every API resource under /api/v1/ (DESIGN §7); each app registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from chamber_portal.core.api import RegionViewSet, TokenObtainApi
from intake.api import ApplicationViewSet, DocumentKindViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("applications", ApplicationViewSet, basename="application")
router.register("document-kinds", DocumentKindViewSet, basename="document-kind")

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    *router.urls,
]
