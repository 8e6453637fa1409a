"""The signed consent form as uploaded: a PDF or a photo of the paper, nothing else.

The type is read from the file's first bytes, never from its name or the browser's word.
The stored name is random (the original may carry the child's name) and the file lives
under MEDIA_ROOT, which is never served directly: only the consents view hands it out,
after the access check and the read-log row.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    signature: bytes
    extension: str
    content_type: str


KINDS = (
    Kind(b"%PDF-", "pdf", "application/pdf"),
    Kind(b"\xff\xd8\xff", "jpg", "image/jpeg"),
    Kind(b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
ACCEPT = ",".join([".pdf", ".jpg", ".jpeg", ".png", *(kind.content_type for kind in KINDS)])


def sniff(file) -> Kind | None:
    """The kind whose signature the file starts with, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    return next((kind for kind in KINDS if head.startswith(kind.signature)), None)


def check_signed_form(file) -> Kind:
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(megabytes)s MB. Scan or photograph it at a lower size."),
            code="too_large",
            params={"megabytes": MAX_BYTES // (1024 * 1024)},
        )
    kind = sniff(file)
    if kind is None:
        raise ValidationError(
            _("The file must be a PDF, JPEG or PNG image of the signed form."),
            code="wrong_type",
        )
    return kind


def random_name(kind: Kind) -> str:
    return f"{uuid.uuid4().hex}.{kind.extension}"


def signed_form_response(consent) -> FileResponse:
    """The stored form as a download with a neutral name; the browser may not guess a type."""
    try:
        file = consent.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = sniff(file)
    extension, content_type = (
        (kind.extension, kind.content_type) if kind else ("bin", "application/octet-stream")
    )
    response = FileResponse(
        file,
        as_attachment=True,
        filename=f"samtycke-{consent.given_on:%Y-%m-%d}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
