"""What guidance adds to lower apps' pages, registered from GuidanceConfig.ready():

- the residents' search offers a professional (with TOTP) "Add to the list" on each result,
  which keeps the search's address, so every filter stays;
- the associations' dashboard ("My organisations") shows the contact requests they received.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.mfa import has_mfa

from . import access
from .models import ContactRequest, ItemKind, RequestStatus, Shortlist


def search_result_action(request) -> dict | None:
    user = request.user
    if not access.is_professional(user) or not has_mfa(user):
        return None
    shortlist = Shortlist.objects.filter(owner=user).first()
    chosen = (
        {
            f"{kind}:{object_id}"
            for kind, object_id in shortlist.items.values_list("kind", "object_id")
        }
        if shortlist
        else set()
    )
    return {
        "url": reverse("guidance:shortlist-add"),
        "label": _("Add to the list"),
        "done_label": _("On the list"),
        "chosen": chosen,
        "kinds": list(ItemKind.values),
        "list_url": reverse("guidance:shortlist"),
        "list_label": ngettext(
            "Your list for the person: %(count)s item",
            "Your list for the person: %(count)s items",
            len(chosen),
        )
        % {"count": len(chosen)},
    }


def dashboard_section(request, organisations) -> str:
    if not organisations:
        return ""
    ids = [organisation.pk for organisation in organisations]
    counts = (
        ContactRequest.objects.filter(
            direction=ContactRequest.Direction.TO_ORGANISATION, organisation_id__in=ids
        )
        .values("organisation_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=[RequestStatus.NEW, RequestStatus.CONTACTED])),
            new=Count("pk", filter=Q(status=RequestStatus.NEW)),
        )
    )
    by_id = {row["organisation_id"]: row for row in counts}
    rows = [
        {"organisation": o, "new": by_id[o.pk]["new"], "open": by_id[o.pk]["open"]}
        for o in organisations
        if o.pk in by_id and by_id[o.pk]["open"]
    ]
    return render_to_string(
        "guidance/_dashboard_section.html", {"rows": rows, "organisations": organisations}, request
    )
