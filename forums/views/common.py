"""What the forum's pages share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..models import Comment, Consultation

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _consultation_url(consultation: Consultation, anchor: str = "") -> str:
    url = reverse("forums:consultation", kwargs={"pk": consultation.pk})
    return f"{url}#{anchor}" if anchor else url


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/too_many.html", status=429)


def _public_name(comment: Comment, *, moderator: bool) -> str:
    """How a comment's author is shown: never an e-mail address to the public."""
    if comment.is_offline:
        channel = comment.get_channel_display().lower()
        if comment.offline_name and (comment.offline_name_public or moderator):
            return _("%(name)s (feedback given %(channel)s)") % {
                "name": comment.offline_name,
                "channel": channel,
            }
        return _("Participant (feedback given %(channel)s)") % {"channel": channel}
    if comment.author is None:
        return _("Deleted user")
    name = comment.author.display_name or _("Participant")
    if comment.is_anonymous:
        if moderator:
            return _("Anonymous participant (%(name)s, %(email)s)") % {
                "name": name,
                "email": comment.author.email,
            }
        return _("Anonymous participant")
    return name
