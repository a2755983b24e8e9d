"""The PDF of approved minutes: a download beside the print view, made on the server with
fpdf2 (pure Python: no system libraries as WeasyPrint's pango would need).

It is drawn from the newest published version's frozen snapshot, never from the agenda items
(which may be in a correction draft), and is as public as the print view: anyone who may see
the meeting, and only once minutes have been published (404 before).

The PDF is tagged as far as fpdf2 lets us: the document language and title, a bookmark per
heading, and a structure tree in reading order (H1, H2, H3 and P elements; the page footer
is an artifact). fpdf2 tags only figures, links and outline entries itself, so the text blocks
use its structure-tree builder (`_add_marked_content`, `struct_builder`): the tests read the
tree back so an fpdf2 upgrade that changes those can't pass unnoticed.

The font is DejaVu Sans (bodies/fonts/, with its licence), embedded as a subset: Finnish and
Swedish letters, dashes, quotation marks and § come out as typed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from fpdf import FPDF, ViewerPreferences
from fpdf.enums import MethodReturnValue, PageMode, XPos, YPos

from . import access
from .models import Meeting, MinutesVersion, Outcome

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
MM_PER_PT = 25.4 / 72
# Made PDFs (about 0.6 s each) are kept a day per meeting, version and language.
CACHE_SECONDS = 24 * 3600


class _TaggedPDF(FPDF):
    """A4 pages with text blocks that each become one structure element."""

    def __init__(self, *, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(left=20, top=20, right=20)
        # Pages break only where block() breaks them, so a marked-content sequence never
        # straddles a page; the footer sits in the bottom margin.
        self.set_auto_page_break(False, margin=20)
        self.limit = self.h - 20

    def footer(self) -> None:
        self._out("/Artifact BMC")
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self._out("EMC")

    def block(
        self,
        tag: str,
        text: str,
        *,
        size: float = 10.5,
        bold: bool = False,
        space_before: float = 0,
        outline_level: int | None = None,
    ) -> None:
        """Write text as a structure element of type `tag` (one per page it covers)."""
        self.set_font(FONT, "B" if bold else "", size)
        line_height = size * MM_PER_PT * 1.4
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            measured = self.multi_cell(
                w=self.epw,
                h=line_height,
                text=paragraph,
                dry_run=True,
                output=MethodReturnValue.LINES,
            )
            assert isinstance(measured, list)  # output=LINES: the lines, nothing else
            lines += measured or [""]
        # A heading keeps at least two lines of what follows on its page.
        keep = line_height * (len(lines) + (2 if outline_level is not None else 0))
        if self.y > self.t_margin and self.y + space_before + keep > self.limit:
            self.add_page()
        elif self.y > self.t_margin:
            self.y += space_before
        if outline_level is not None:
            self.start_section(text, level=outline_level)
        is_open = False
        for line in lines:
            if self.y + line_height > self.limit:
                if is_open:
                    self._out("EMC")
                    is_open = False
                self.add_page()
            if not is_open:
                mcid = self.struct_builder.next_mcid_for_page(self.page)
                self._add_marked_content(struct_type=f"/{tag}", mcid=mcid)
                self._out(f"/{tag} <</MCID {mcid}>> BDC")
                is_open = True
            self.cell(w=self.epw, h=line_height, text=line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if is_open:
            self._out("EMC")


def _date(value, fmt: str = "SHORT_DATE_FORMAT") -> str:
    return formats.date_format(timezone.localtime(value), fmt)


def _outcome(value: str) -> str:
    return str(Outcome(value).label) if value in Outcome.values else ""


def minutes_pdf_bytes(meeting: Meeting, version: MinutesVersion) -> bytes:
    """The PDF of one published version, in the active language."""
    body = meeting.body
    title = f"{_('Minutes')}: {body.name}"
    when = _date(meeting.starts_at, "SHORT_DATETIME_FORMAT")
    pdf = _TaggedPDF(footer_text=f"{body.name} {_date(meeting.starts_at)}")
    pdf.set_title(f"{title} {_date(meeting.starts_at)}")
    pdf.set_lang(get_language() or "fi")
    pdf.set_subject(title)
    pdf.set_author(body.name)
    pdf.set_creator("Yhdessä")
    pdf.set_creation_date(version.published_at)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.page_mode = PageMode.USE_OUTLINES
    pdf.add_page()

    pdf.block("H1", title, size=16, bold=True, outline_level=0)
    pdf.block("P", f"{when}, {meeting.place}" if meeting.place else when, space_before=2)
    approved = _("Version %(number)s, approved by %(name)s and published on %(date)s.") % {
        "number": version.number,
        "name": version.approved_by_name,
        "date": _date(version.published_at),
    }
    pdf.block("P", approved)
    if version.note:
        pdf.block("P", f"{_('Correction')}: {version.note}")
    attendees = version.snapshot.get("attendees", [])
    if attendees:
        pdf.block("H2", _("Present"), size=13, bold=True, space_before=5, outline_level=1)
        for person in attendees:
            name = person["name"]
            pdf.block("P", f"{name}, {person['organisation']}" if person["organisation"] else name)
    for entry in version.snapshot.get("items", []):
        section = f"§ {entry['section']} " if entry.get("section") else ""
        heading = f"{section}{entry['position']}. {entry['title']}"
        pdf.block("H2", heading, size=13, bold=True, space_before=6, outline_level=1)
        if entry.get("discussion"):
            pdf.block("H3", _("Discussion"), size=11, bold=True, space_before=2)
            pdf.block("P", entry["discussion"])
        if entry.get("decision"):
            pdf.block("H3", _("Decision"), size=11, bold=True, space_before=2)
            pdf.block("P", entry["decision"])
        if outcome := _outcome(entry.get("outcome", "")):
            pdf.block("P", f"{_('Outcome')}: {outcome}", space_before=1)
    return bytes(pdf.output())


def published_version(meeting: Meeting) -> MinutesVersion | None:
    """The newest published version (a correction in progress has none of its own yet)."""
    if not meeting.minutes_are_public:
        return None
    return meeting.versions.order_by("-number").first()


@require_safe
def minutes_pdf(request, pk):
    meeting = access.get_meeting_for_view(request.user, pk)
    version = published_version(meeting)
    if version is None:
        raise Http404
    # The version is frozen; the body's name and the meeting's time and place are not.
    shown = f"{meeting.body.name}|{meeting.place}|{meeting.starts_at.isoformat()}"
    fingerprint = hashlib.sha256(shown.encode()).hexdigest()[:16]
    key = f"bodies:minutes-pdf:{meeting.pk}:{version.number}:{get_language()}:{fingerprint}"
    content = cache.get(key)
    if content is None:
        content = minutes_pdf_bytes(meeting, version)
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"minutes-{meeting.body.slug}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
