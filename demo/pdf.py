"""Small, real PDFs for demo uploads, made with pypdf (they pass intake's PDF checks)."""

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """An A4 page with the lines in Helvetica (ASCII only: the standard font has no Cyrillic) and `title`
    (any script) in the document's metadata."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    helvetica = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica}),
    })
    text = ["BT /F1 12 Tf 72 770 Td 16 TL"]
    for line in lines:
        ascii_line = line.encode("ascii", "replace").decode("ascii")
        text.append(f"({_escape(ascii_line)}) Tj T*")
    text.append("ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(text).encode("ascii"))
    page.replace_contents(content)
    writer.add_metadata({"/Title": title, "/Producer": "Chamber Portal demo data"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
