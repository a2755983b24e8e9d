"""The demo's attendance (`manage.py seed_demo`, after meeting places and sign-ups): a year of
figures, so that the reports and the welfare area's charts show something.

For every activity of the organisations the demo accounts belong to, and for about a third of
the others, the dates of the past year are stored (the meeting places' seeder stores only the
dates to come) with invented figures: how many came, volunteers and their hours, now and then a
date cancelled or not held, and the last week's dates left without figures (the reminder's and
the month form's case). Meeting places get visitor counts per opening day. Activities that ask
for sign-ups get participants as keyed hashes only, as if who came had been erased after 30
days. Deterministic (a fixed seed; dates relative to the day it runs) and idempotent: once any
figures exist nothing is created. The monthly rows are built by services.figures_rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.db import transaction

from meetingplaces.hours import day_hours, hours_prefetch
from meetingplaces.models import Activity, MeetingPlace, Occurrence, PublishStatus
from meetingplaces.schedule import Schedule
from meetingplaces.services import local_today

from ..figures import month_start
from ..models import DateRecord, MonthFigure, ParticipantMonth, PlaceDay
from ..services import activity_municipality_id, figures_rebuild, place_figures_rebuild

SEED = 18
DAYS = 365
UNRECORDED_DAYS = 6  # the last days' dates wait for their figures
DEMO_ORGANISATIONS = (
    "keuruun-muistiyhdistys",
    "laukaan-elakkeensaajat",
    "aanekosken-mielenterveysyhdistys-mielikki",
)


def seed() -> list[str]:
    if MonthFigure.objects.exists() or DateRecord.objects.exists():
        return ["The demo attendance exists already; nothing to create."]
    counts = seed_attendance()
    if counts is None:
        return ["No demo activities yet; no attendance created."]
    return [
        f"Created {counts['dates']} past dates, {counts['records']} with figures, "
        f"{counts['days']} days of meeting places' visitors and {counts['months']} monthly rows."
    ]


@transaction.atomic
def seed_attendance(today: dt.date | None = None) -> dict[str, int] | None:
    today = today or local_today()
    rng = random.Random(SEED)
    activities = list(
        Activity.objects.filter(status=PublishStatus.PUBLISHED)
        .select_related("organisation", "place")
        .order_by("pk")
    )
    if not activities:
        return None
    chosen = [
        a for a in activities if a.organisation.slug in DEMO_ORGANISATIONS or rng.random() < 0.35
    ]
    start, end = today - dt.timedelta(days=DAYS), today - dt.timedelta(days=1)
    existing = set(
        Occurrence.objects.filter(activity__in=chosen, date__range=(start, end)).values_list(
            "activity_id", "date"
        )
    )
    new = []
    for activity in chosen:
        schedule = Schedule.of(activity)
        schedule.start_date = min(schedule.start_date, start)
        schedule.end_date = None
        for day, starts_at, ends_at in schedule.occurrences(start, end):
            if (activity.pk, day) in existing:
                continue
            occurrence = Occurrence(
                activity=activity, date=day, starts_at=starts_at, ends_at=ends_at
            )
            if rng.random() < 0.04:
                occurrence.status = Occurrence.Status.CANCELLED
                occurrence.note = rng.choice(["Ohjaaja sairastui", "Tila ei ollut käytössä"])
            new.append(occurrence)
    Occurrence.objects.bulk_create(new, batch_size=5000)
    dates = Occurrence.objects.filter(activity__in=chosen, date__range=(start, end)).order_by("pk")
    by_activity = {a.pk: a for a in chosen}
    records: list[DateRecord] = []
    regulars_of: dict[int, list[str]] = {}
    marks: dict[tuple[int, dt.date, str], int] = {}
    recorded_until = today - dt.timedelta(days=UNRECORDED_DAYS)
    for occurrence in dates.iterator():
        if occurrence.status == Occurrence.Status.CANCELLED or occurrence.date > recorded_until:
            continue
        activity = by_activity[occurrence.activity_id]
        if rng.random() < 0.03:
            records.append(DateRecord(occurrence=occurrence, activity=activity, not_held=True))
            continue
        size = activity.capacity or rng.choice([6, 8, 12, 15, 20])
        came = max(1, round(size * rng.uniform(0.4, 1.0)))
        volunteers = rng.choice([0, 1, 1, 2, 2, 3])
        hours = Decimal(volunteers * rng.choice([2, 3, 4])) + Decimal(rng.choice([0, 0, 5])) / 10
        records.append(
            DateRecord(
                occurrence=occurrence,
                activity=activity,
                visitors=came,
                volunteers=volunteers,
                volunteer_hours=hours if volunteers else None,
            )
        )
        if activity.signup_required:
            regulars = regulars_of.setdefault(
                activity.pk, [f"{activity.pk}-{n}" for n in range(size)]
            )
            for name in rng.sample(regulars, min(len(regulars), came)):
                key = hashlib.sha256(f"demo-participant:{name}".encode()).hexdigest()[:32]
                slot = (activity.pk, month_start(occurrence.date), key)
                marks[slot] = marks.get(slot, 0) + 1
    DateRecord.objects.bulk_create(records, batch_size=5000)
    ParticipantMonth.objects.bulk_create(
        [
            ParticipantMonth(
                activity=by_activity[activity_id],
                organisation_id=by_activity[activity_id].organisation_id,
                welfare_area_id=by_activity[activity_id].welfare_area_id,
                municipality_id=activity_municipality_id(by_activity[activity_id]),
                month=month,
                person=key,
                marks=count,
            )
            for (activity_id, month, key), count in marks.items()
        ],
        batch_size=5000,
    )
    places = list(
        MeetingPlace.objects.filter(status=PublishStatus.PUBLISHED)
        .prefetch_related(*hours_prefetch(start, end))
        .order_by("pk")
    )
    days = []
    for place in places:
        busy = rng.choice([4, 8, 12, 20, 30])
        day = start
        while day <= recorded_until:
            if not day_hours(place, day).closed:
                visitors = max(0, round(busy * rng.uniform(0.5, 1.5)))
                days.append(PlaceDay(place=place, date=day, visitors=visitors))
            day += dt.timedelta(days=1)
    PlaceDay.objects.bulk_create(days, batch_size=5000)
    months = figures_rebuild(activities=chosen, today=today)
    months += place_figures_rebuild(places=places)
    return {"dates": len(new), "records": len(records), "days": len(days), "months": months}
