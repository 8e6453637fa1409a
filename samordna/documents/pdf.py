"""The one place samordna makes PDFs (WeasyPrint) and hands them out.

Every PDF is tagged (PDF/UA-1), so a screen reader can read it, and is made under a kind of
`documents.kinds`. WeasyPrint is imported on the first PDF, not when samordna starts.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from samordna.documents import kinds

# Tagged PDF: headings, lists and tables reach assistive technology (WeasyPrint's PDF/UA).
OPTIONS = {"pdf_variant": "pdf/ua-1"}


def render(kind: str, html: str):
    """The HTML laid out as a WeasyPrint document, whose pages can be combined."""
    from weasyprint import HTML  # heavy: loaded on the first PDF, not at every start

    kinds.require(kind)
    return HTML(string=html).render()


def write(kind: str, html: str) -> bytes:
    return render(kind, html).write_pdf(**OPTIONS)


def write_pages(document, pages=None) -> bytes:
    """A document made by `render` as a PDF; or `pages` (of documents made by `render`) as
    one PDF, with `document`'s title and language."""
    if pages is not None:
        document = document.copy(pages)
    return document.write_pdf(**OPTIONS)


def attachment(content, name: str, content_type: str = "application/pdf") -> HttpResponse:
    """A download named `<name>-<date>.<extension>`: never a child's name or number."""
    extension = content_type.split("/")[-1].split(";")[0]
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def response(kind: str, template: str, context: dict, name: str) -> HttpResponse:
    """A template made into a PDF download."""
    html = render_to_string(template, {**context, "printed_at": timezone.now()})
    return attachment(write(kind, html), name)
