"""A closed consultation's comments as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from portal.lib.spreadsheet import table_download

from .. import access
from ..models import Comment, Consultation
from .common import _public_name


def _export_rows(consultation: Consultation):
    header = [
        pgettext("comment number", "Number"),
        _("Section"),
        _("Reply to"),
        _("Time"),
        _("Status"),
        _("Received"),
        _("Shown as"),
        _("Entered by"),
        _("Comment"),
        _("I agree"),
        _("Reports"),
        _("Reason for hiding"),
        _("Received on"),
        _("Official reply"),
    ]
    comments = (
        Comment.objects.filter(consultation=consultation)
        .select_related("author", "section", "entered_by")
        .annotate(
            agree_count=Count("agreements", distinct=True),
            report_count=Count("reports", distinct=True),
        )
        .order_by("section__order", "section__pk", "created_at", "pk")
    )
    rows = []
    for comment in comments:
        rows.append(
            [
                comment.pk,
                comment.section.title,
                comment.parent_id or "",
                date_format(timezone.localtime(comment.created_at), "SHORT_DATETIME_FORMAT"),
                comment.get_status_display(),
                comment.get_channel_display(),
                _public_name(comment, moderator=False),
                str(comment.entered_by) if comment.entered_by else "",
                comment.body,
                comment.agree_count,
                comment.report_count,
                comment.hidden_reason,
                date_format(comment.received_on, "SHORT_DATE_FORMAT")
                if comment.received_on
                else "",
                comment.official_reply,
            ]
        )
    return header, rows


@login_required
@require_safe
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(request.user, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = _export_rows(consultation)
    name = f"consultation-{consultation.pk}-comments"
    return table_download(header, rows, fmt=fmt, name=name, sheet_title=_("Comments"))
