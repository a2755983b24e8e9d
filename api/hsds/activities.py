"""An activity as an HSDS service: its schedule, fees, contact and where it meets (a meeting
place, an address or online, the last two as locations of their own)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from meetingplaces.models import Activity
from meetingplaces.models.activities import Venue
from meetingplaces.schedule import Schedule, describe, parse_rule

from ..common import api_path
from .parts import (
    TIME_NOTE,
    PageUrl,
    address,
    child_id,
    clean,
    hhmm,
    languages,
    phones,
    text,
    uid,
)
from .taxonomy import attributes, term_links


def _activity_schedule(activity: Activity, sid: str, lang: str, page: str) -> dict:
    schedule = Schedule.of(activity)
    data: dict[str, Any] = {
        "id": child_id(sid, "schedule"),
        "service_id": sid,
        "valid_from": activity.start_date.isoformat(),
        "valid_to": activity.end_date.isoformat() if activity.end_date else "",
        "dtstart": activity.start_date.isoformat(),
        "opens_at": hhmm(activity.start_time),
        "closes_at": hhmm(activity.end_time),
        "description": describe(schedule),
        "schedule_link": page,
    }
    if not activity.recurrence:
        data["valid_to"] = max([activity.start_date, *activity.extra_dates]).isoformat()
    else:
        try:
            parts = parse_rule(activity.recurrence)
        except ValueError:
            parts = {}
        if parts.get("FREQ") in ("WEEKLY", "MONTHLY"):
            # HSDS 3.0 names weekly and monthly rules; others are said in the description.
            data["freq"] = parts["FREQ"]
            data["interval"] = int(parts.get("INTERVAL", "1"))
            data["byday"] = parts.get("BYDAY", "")
            if parts.get("BYMONTHDAY", "").lstrip("-").isdigit():
                data["bymonthday"] = int(parts["BYMONTHDAY"])
        if parts.get("UNTIL"):
            data["until"] = f"{parts['UNTIL'][:4]}-{parts['UNTIL'][4:6]}-{parts['UNTIL'][6:8]}"
        elif activity.end_date:
            data["until"] = activity.end_date.isoformat()
        if parts.get("COUNT"):
            data["count"] = parts["COUNT"]
    notes = [_("Local time in Finland (%(zone)s).") % {"zone": TIME_NOTE}]
    if activity.recurrence and activity.extra_dates:
        notes.append(
            _("Also on %(dates)s.")
            % {"dates": ", ".join(d.isoformat() for d in sorted(activity.extra_dates))}
        )
    if activity.skipped_dates:
        notes.append(
            _("Not on %(dates)s.")
            % {"dates": ", ".join(d.isoformat() for d in sorted(activity.skipped_dates))}
        )
    data["notes"] = " ".join(notes)
    return clean(data)


def activity_service(
    activity: Activity,
    lang: str,
    org_ids: dict[int, str],
    location_of_place: dict[int, str],
    locations: list[dict],
    activity_url: PageUrl,
) -> dict:
    path = api_path("activities", activity.pk)
    sid = uid(path)
    page = activity_url(activity.slug)
    oid = org_ids[activity.organisation_id]
    # Where: a published meeting place, its own address or online (a location of its own).
    location_id = ""
    if activity.venue == Venue.PLACE:
        place = activity.public_place()
        if place is not None:
            location_id = location_of_place.get(place.pk, "")
    elif activity.venue == Venue.ADDRESS and activity.street_address:
        location_id = uid(path, "location")
        point = activity.point()
        locations.append(
            clean(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": oid,
                    "name": activity.street_address,
                    "latitude": point[0] if point else None,
                    "longitude": point[1] if point else None,
                    "addresss": [
                        address(
                            location_id,
                            activity.street_address,
                            activity.postcode,
                            text(activity.municipality, "name", lang)
                            if activity.municipality_id
                            else "",
                            text(activity.welfare_area, "name", lang),
                        )
                    ],
                }
            )
        )
    elif activity.venue == Venue.ONLINE:
        location_id = uid(path, "location")
        locations.append(
            clean(
                {
                    "id": location_id,
                    "location_type": "virtual",
                    "organization_id": oid,
                    "name": _("Online"),
                    "url": activity.online_url if activity.online_url_public else "",
                }
            )
        )
    if activity.is_free:
        fees = _("Free of charge.")
    else:
        amount = f"{activity.fee_amount} €" if activity.fee_amount is not None else ""
        fees = " ".join(part for part in (amount, activity.fee_note) if part)
    contact = []
    if activity.contact_role or activity.contact_email:
        contact = [
            clean(
                {
                    "id": uid(path, "contact"),
                    "service_id": sid,
                    "title": activity.contact_role,
                    "email": activity.contact_email,
                }
            )
        ]
    groups = list(activity.target_groups.all())
    return clean(
        {
            "id": sid,
            "organization_id": oid,
            "name": text(activity, "title", lang),
            "description": text(activity, "description", lang) or text(activity, "summary", lang),
            "url": page,
            "email": activity.contact_email,
            "status": "active",
            "fees_description": fees,
            "application_process": _("Sign-up needed.")
            if activity.signup_required
            else _("No sign-up needed."),
            "eligibility_description": ", ".join(text(g, "name", lang) for g in groups),
            "schedules": [_activity_schedule(activity, sid, lang, page)],
            "cost_options": cost_options(sid, activity),
            "languages": languages(sid, "service_id", activity.languages),
            "phones": phones(sid, "service_id", activity.contact_phone, activity.contact_role),
            "contacts": contact,
            "service_at_locations": [
                {
                    "id": child_id(sid, f"at/{location_id}"),
                    "service_id": sid,
                    "location_id": location_id,
                }
            ]
            if location_id
            else [],
            "attributes": attributes(
                sid,
                "service",
                [
                    ("service_type", "activity_kind", activity.kind),
                    *term_links(activity.themes.all(), groups),
                ],
            ),
        }
    )


def cost_options(service_id: str, activity: Activity) -> list[dict]:
    """The fee in euros (0 when free), from the activity's first date."""
    if not activity.is_free and activity.fee_amount is None:
        return []
    return [
        clean(
            {
                "id": child_id(service_id, "cost"),
                "service_id": service_id,
                "valid_from": activity.start_date.isoformat(),
                "currency": "EUR",
                "amount": 0 if activity.is_free else float(activity.fee_amount or 0),
                "amount_description": activity.fee_note,
            },
            keep=("amount",),
        )
    ]
