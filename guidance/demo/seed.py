"""Guidance's demo (`manage.py seed_demo`, after the units' seeder): professionals of the
demo units and contact requests, most closed and erased, so the figures show
(guidance/demo/data/guidance.yaml says what is in it).

Idempotent: once a demo professional exists nothing is created. A unit or an association the
file names that the demo does not have is skipped (and said)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.demo.seed import DEMO_PASSWORD
from organisations.models import Organisation
from portal.lib.datafiles import read_yaml
from taxonomy.models import Term
from units.models import Unit

from ..models import ContactRequest, Handover, Professional
from ..services import CONSENT_VERSION

DATA = Path(__file__).parent / "data" / "guidance.yaml"


def _organisation(unit: Unit, word: str) -> Organisation | None:
    """The organisation by its slug, else the first by name with the word in it."""
    by_slug = Organisation.objects.published().filter(slug=word).first()
    if by_slug is not None:
        return by_slug
    return (
        Organisation.objects.published()
        .filter(welfare_area_id=unit.welfare_area_id, name__icontains=word)
        .order_by("name")
        .first()
    )


@transaction.atomic
def seed() -> list[str]:
    data = read_yaml(DATA)
    emails = [p["email"] for p in data["professionals"]]
    if Professional.objects.filter(user__email__in=emails).exists():
        return ["The demo professionals exist already; nothing to create."]
    units = {u.slug: u for u in Unit.objects.all()}
    skipped: list[str] = []
    lines = []
    for entry in data["professionals"]:
        found = [units[slug] for slug in entry["units"] if slug in units]
        if not found:
            skipped.append(entry["email"])
            continue
        user = User.objects.filter(email=entry["email"]).first() or User.objects.create_user(
            email=entry["email"], password=DEMO_PASSWORD, display_name=entry["display_name"]
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        for found_unit in found:
            Professional.objects.get_or_create(user=user, unit=found_unit)
        lines.append(f"  {user.email}  professional, {', '.join(u.slug for u in found)}")
    now = timezone.now()
    themes = {t.slug: t for t in Term.objects.filter(kind=Term.Kind.THEME)}
    requests = 0
    for row in data["requests"]:
        unit = units.get(row["unit"])
        organisation = _organisation(unit, row["organisation"]) if unit else None
        if unit is None or organisation is None:
            skipped.append(f"{row['unit']} / {row['organisation']}")
            continue
        sent = now - timedelta(days=row["days_ago"])
        closed = row["status"] in ("joined", "unreachable")
        ContactRequest.objects.create(
            direction=row["direction"],
            unit=unit,
            organisation=organisation,
            theme=themes.get(row["theme"]),
            municipality_id=unit.municipality_id,
            first_name="" if closed else row.get("first_name", ""),
            phone="" if closed else row.get("phone", ""),
            language="fi",
            consent_at=sent,
            consent_version=CONSENT_VERSION,
            status=row["status"],
            status_changed_at=None if row["status"] == "new" else sent + timedelta(days=2),
            created_at=sent,
            erased_at=sent + timedelta(days=2) if closed else None,
        )
        requests += 1
    handovers = []
    for slug, channel, count, days in data["handovers"]:
        if slug not in units:
            continue
        handovers += [
            Handover(
                unit=units[slug],
                channel=channel,
                items=3,
                created_at=now - timedelta(days=(i * days) // count),
            )
            for i in range(count)
        ]
    Handover.objects.bulk_create(handovers)
    result = [
        f"Created {requests} demo contact requests and {len(handovers)} hand-overs.",
        f"Demo professionals (password {DEMO_PASSWORD}; TOTP is asked for):",
        *lines,
    ]
    if skipped:
        result.append(f"Skipped (not in the demo): {', '.join(skipped)}")
    return result
