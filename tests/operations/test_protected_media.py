"""Uploaded documents behind nginx (docs/operations.md, "nginx"): after the portal's access check a download
answers with an empty body and `X-Accel-Redirect: /protected-media/<path>` for nginx's internal location, with
the same Content-Disposition and nosniff headers as a streamed one; "not yours" stays a 404 with no redirect."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import reverse
from django.utils import timezone

from complaints.services import complaint_file
from tests.factories import (
    ApplicationFactory,
    AssignedApplicationFactory,
    BailiffFactory,
    UserFactory,
    pdf_upload,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accel(settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    return settings


@pytest.fixture
def application():
    return ApplicationFactory(status="submitted", region=region("KZ-75"), submitted_at=timezone.now(),
                              original_due=timezone.localdate())


def _download(client, user, application):
    document = application.documents.get(kind="decision_scan")
    client.force_login(user)
    return client.get(reverse("intake:document_download", args=[application.pk, document.pk])), document


def test_a_download_is_handed_to_nginx_after_the_access_check(client, accel, application):
    response, document = _download(client, application.lawyer, application)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="decision_scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # The path nginx gets is the file's place under MEDIA_ROOT (its `internal` location aliases MEDIA_ROOT).
    assert (Path(accel.MEDIA_ROOT) / unquote(response["X-Accel-Redirect"].removeprefix("/protected-media/"))).is_file()


def test_a_download_through_nginx_still_records_who_read_the_document(client, accel, application):
    from chamber_portal.core.models import AccessAction, PersonalDataAccess

    staff = UserFactory(role="staff", region=region("KZ-75"))
    response, _document = _download(client, staff, application)
    assert "X-Accel-Redirect" in response
    assert PersonalDataAccess.objects.filter(user=staff, action=AccessAction.DOCUMENT_DOWNLOAD).count() == 1


def test_someone_who_may_not_see_the_application_gets_a_404_and_no_redirect(client, accel, application):
    response, _document = _download(client, UserFactory(role="lawyer"), application)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_file_missing_from_the_disk_is_a_404_not_a_redirect_to_nothing(client, accel, application):
    document = application.documents.get(kind="decision_scan")
    document.file.storage.delete(document.file.name)
    response, _document = _download(client, application.lawyer, application)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_stored_name_with_cyrillic_letters_and_spaces_is_percent_encoded(client, accel, application):
    document = application.documents.get(kind="decision_scan")
    document.file.save("решение суда.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    response, document = _download(client, application.lawyer, application)
    header = response["X-Accel-Redirect"]
    assert header.isascii() and " " not in header
    assert unquote(header) == f"/protected-media/{document.file.name}"


def test_without_the_setting_the_portal_streams_the_file_itself(client, settings, application):
    settings.MEDIA_ACCEL_REDIRECT = False
    response, _document = _download(client, application.lawyer, application)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="decision_scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_outside_the_disk_streams_through_the_portal_whatever_the_setting(client, accel, application):
    """Media in a bucket (MEDIA_STORAGE=s3): nginx cannot read it, so X-Accel does not apply."""
    document = application.documents.get(kind="decision_scan")
    document.file.storage = InMemoryStorage()
    document.file.storage.save(document.file.name, ContentFile(b"%PDF-1.4 in a bucket"))
    from chamber_portal.core.downloads import protected_file_response

    response = protected_file_response(document.file, filename="scan.pdf", as_attachment=True)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.4 in a bucket"
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'


def test_a_complaints_attachment_goes_to_nginx_too_and_is_shown_inline(client, accel):
    BailiffFactory(region=region("KZ-75"))
    case = AssignedApplicationFactory()
    complaint = complaint_file(application=case, by=case.lawyer, ground="other", description="See the letter.",
                               attachments=[pdf_upload("letter.pdf")])
    attachment = complaint.attachments.get()
    client.force_login(case.lawyer)
    response = client.get(reverse("complaints:attachment_download", args=[complaint.pk, attachment.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response["Content-Disposition"] == 'inline; filename="letter.pdf"'
    client.force_login(UserFactory(role="lawyer"))
    other = client.get(reverse("complaints:attachment_download", args=[complaint.pk, attachment.pk]))
    assert other.status_code == 404 and "X-Accel-Redirect" not in other
