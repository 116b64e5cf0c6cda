"""A PDF with JavaScript, a launch action or an embedded file is refused at upload (issue 13)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from intake.services.documents import FILE_ACTIVE_CONTENT, pdf_problem
from tests.factories import ApplicationFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")})


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


def _embedded(writer):
    writer.add_attachment("payload.exe", b"MZ...")


def _javascript_in_a_link(writer):
    # Deep in the page tree: a link annotation whose action runs a script.
    action = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                  NameObject("/JS"): TextStringObject("app.alert('deep');")}))
    annotation = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(
        "/Link"), NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4), NameObject("/A"): action})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


@pytest.mark.parametrize("build", [_javascript, _launch, _embedded, _javascript_in_a_link],
                         ids=["javascript", "launch", "embedded-file", "script-in-a-link"])
def test_a_pdf_with_active_content_is_refused(build):
    upload = SimpleUploadedFile("decision.pdf", _pdf(build), content_type="application/pdf")
    assert pdf_problem(upload) == FILE_ACTIVE_CONTENT


def test_a_plain_pdf_passes():
    assert pdf_problem(SimpleUploadedFile("decision.pdf", pdf_bytes(), content_type="application/pdf")) is None


def test_the_api_refuses_it_at_the_file_field(client):
    lawyer = UserFactory(role="lawyer")
    draft = ApplicationFactory(lawyer=lawyer, with_documents=False)
    client.force_login(lawyer)
    upload = SimpleUploadedFile("decision.pdf", _pdf(_javascript), content_type="application/pdf")
    response = client.post(f"/api/v1/applications/{draft.pk}/documents/", {"kind": "decision_scan", "file": upload})
    assert response.status_code == 400
    assert response.json()["file"] == [str(FILE_ACTIVE_CONTENT)]
    assert not draft.documents.exists()
