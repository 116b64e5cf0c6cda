"""Active content in a PDF (issue 13): JavaScript, launch actions and embedded files are refused at upload.

The whole object graph is walked (pypdf resolves object streams and compression, so hiding the names in a
compressed stream does not help), with a bound on the objects visited."""

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/Launch", "/RichMedia"}
TYPES = {"/EmbeddedFile", "/Filespec"}
MAX_OBJECTS = 50_000


def pdf_active_content(reader: PdfReader) -> str | None:
    """The first active feature found ("/JavaScript", "/Launch", "/EmbeddedFile"...), or None."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            return "too many objects"
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in KEYS:
                    return str(name)
                if name == "/S" and isinstance(value, NameObject) and value in ACTIONS:
                    return str(value)
                if name == "/Type" and isinstance(value, NameObject) and value in TYPES:
                    return str(value)
                if name in ("/Parent", "/P"):
                    continue  # back-references: their targets are reached from the root
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None
