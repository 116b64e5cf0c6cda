"""The project's URLs plus two views that fail, to show the project's own 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from chamber_portal.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied("a message for the log, never for the page")


def broken(request):
    raise RuntimeError("a bug, never shown on the page")


urlpatterns = [*project_urlpatterns, path("test-forbidden/", forbidden), path("test-broken/", broken)]
