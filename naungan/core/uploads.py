"""What an uploaded file really is. The type comes from its content, read by a maintained library
(`filetype`), never from its name or the browser's word; a DOCX must be a Word document inside
(not any ZIP), an image must decode with Pillow, a PDF must end like one."""

from __future__ import annotations

import zipfile

import filetype
from django.http import FileResponse

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ATTACHMENT_TYPES = frozenset({PDF, JPEG, PNG, DOCX})
EVIDENCE_TYPES = frozenset({PDF, JPEG, PNG})

# Pillow's name for each image type we accept.
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# Caps a decompression bomb: ~40 megapixels is far above any phone photo.
MAX_IMAGE_PIXELS = 40_000_000


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _is_docx(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            if any(n.lower().endswith("vbaproject.bin") for n in names):  # macros: not a plain .docx
                return False
            ctypes = z.read("[Content_Types].xml")[:200_000]
            return b"wordprocessingml.document.main+xml" in ctypes
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False


def _is_image(data: bytes, ctype: str) -> bool:
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format != _PIL_FORMATS[ctype] or img.width * img.height > MAX_IMAGE_PIXELS:
                    return False
                img.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()  # verify() does not decode the pixels; load() does
        return True
    except Exception:  # noqa: BLE001 - any decoder error means "not a valid image"
        return False


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def detect_upload(upload, allowed=ATTACHMENT_TYPES) -> str | None:
    """The verified content type of an upload among `allowed`, or None when it is not one of them
    (or only pretends to be)."""
    data = _read_all(upload)
    kind = filetype.guess(data[:8192])
    ctype = kind.mime if kind else None
    if ctype == "application/zip":  # a Word file whose parts are not in the first bytes
        ctype = DOCX
    if ctype not in allowed:
        return None
    if ctype == DOCX and not _is_docx(data):
        return None
    if ctype in _PIL_FORMATS and not _is_image(data, ctype):
        return None
    if ctype == PDF and not _is_pdf(data):
        return None
    return ctype


def download_response(file, content_type: str, filename: str) -> FileResponse:
    """A stored file as a download under a name we choose (never the uploader's: it may hold an
    identity), with its sniffed type and no type guessing by the browser."""
    response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
