"""The public pages: the welfare areas with units, one area's list ("Whom an association can
contact") and a unit's page. The association contact shows only with their consent."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import roles
from areas.models import WelfareArea
from meetingplaces.hours import (
    EXCEPTIONS_DAYS,
    LOOKAHEAD_DAYS,
    coming_exceptions,
    has_hours,
    hours_prefetch,
    open_status,
    week_hours,
)
from meetingplaces.models import PublishStatus
from meetingplaces.schedule import HELSINKI

from ..access import get_unit_for_view
from ..models import Unit, UnitOpeningException, UnitOpeningHours, UnitStatus


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The welfare areas that have units, each with its number of units."""
    areas = (
        WelfareArea.objects.annotate(
            unit_count=Count("units", filter=Q(units__status=UnitStatus.ACTIVE))
        )
        .filter(unit_count__gt=0)
        .order_by("name_fi")
    )
    return render(request, "units/index.html", {"areas": areas})


@require_safe
def area(request: HttpRequest, slug: str) -> HttpResponse:
    """One welfare area's units by municipality, with whom an association can contact."""
    welfare_area = get_object_or_404(WelfareArea, slug=slug)
    units = list(
        Unit.objects.active()
        .filter(welfare_area=welfare_area)
        .select_related("municipality")
        .order_by("municipality__name_fi", "name_fi")
    )
    if not units:
        raise Http404
    municipalities: dict[str, list[Unit]] = {}
    for unit in units:
        municipalities.setdefault(unit.municipality.localised_name(), []).append(unit)
    return render(
        request,
        "units/area.html",
        {
            "welfare_area": welfare_area,
            "municipalities": list(municipalities.items()),
            "can_edit": roles.is_coordinator_of_area(request.user, welfare_area.pk),
        },
    )


@require_safe
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_unit_for_view(request.user, slug)
    now = timezone.now()
    today = now.astimezone(HELSINKI).date()
    end = today + dt.timedelta(days=max(LOOKAHEAD_DAYS, EXCEPTIONS_DAYS))
    prefetch_related_objects(
        [unit],
        *hours_prefetch(
            today, end, hours_model=UnitOpeningHours, exceptions_model=UnitOpeningException
        ),
    )
    place = unit.place if unit.place and unit.place.status == PublishStatus.PUBLISHED else None
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "name": unit.localised_name(),
            "description": unit.description(),
            "has_hours": has_hours(unit),
            "status": open_status(unit, now),
            "today": today,
            "week": week_hours(unit, today),
            "exceptions": coming_exceptions(unit, today),
            "exceptions_days": EXCEPTIONS_DAYS,
            "map_url": (
                "https://www.openstreetmap.org/"
                f"?mlat={unit.latitude:.5f}&mlon={unit.longitude:.5f}#map=17/"
                f"{unit.latitude:.5f}/{unit.longitude:.5f}"
            ),
            "place": place,
            # With the named contact shown, the unit's own channels get a section of their own.
            "channels_section": unit.shows_contact
            and bool(unit.phone or unit.email or unit.website),
            "can_edit": roles.is_coordinator_of_area(request.user, unit.welfare_area_id),
        },
    )
