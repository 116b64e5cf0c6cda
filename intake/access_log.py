"""Who read an application's personal data (issue 13): applications/{id}/access-log/ in the API and on the web,
for administrators and national staff; per user, the admin's changelist of personal-data accesses."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from chamber_portal.core.access import role_required
from chamber_portal.core.security.access_log import access_log_of, may_read_access_log

from .selectors import applications_visible_to


class AccessLogRow(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.IntegerField(source="user_id")
    role = serializers.CharField()
    action = serializers.CharField()


def _application(user, pk):
    # Who may not see the application gets a 404; who sees it but may not read its log, a 403.
    application = get_object_or_404(applications_visible_to(user), pk=pk)
    if not may_read_access_log(user):
        raise PermissionDenied
    return application


class ApplicationAccessLogApi(APIView):
    """GET: who read the application's personal data, newest first (administrators and national staff)."""

    @extend_schema(responses=AccessLogRow(many=True))
    def get(self, request, pk):
        application = _application(request.user, pk)
        return Response(AccessLogRow(access_log_of(application.pk), many=True).data)


@role_required("staff", "admin")
def application_access_log(request, pk):
    application = _application(request.user, pk)
    return render(request, "intake/access_log.html",
                  {"application": application, "rows": access_log_of(application.pk)[:1000]})
