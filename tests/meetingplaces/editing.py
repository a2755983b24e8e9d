"""What the tests of the associations' editing pages share: URLs, dates, and the data of a
place's and an activity's form (and of its schedule alone, for the live preview).
"""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import translation
from PIL import Image

from meetingplaces import services
from tests.organisations.factories import municipality


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs)


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    day = (after or services.local_today()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def place_data(**changes) -> dict:
    data = {
        "name_fi": "Kylätalo Kuusela",
        "kind": "village_house",
        "status": "published",
        "street_address": "Kyläntie 5",
        "postcode": "41800",
        "municipality": municipality("179").pk,
        "latitude": "",
        "longitude": "",
        "low_threshold": ["is_free", "no_signup"],
        "accessibility": ["step_free_entrance"],
        "languages": ["fi"],
        **management("hours"),
        **management("exceptions"),
        **management("photos"),
    }
    data.update(changes)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "PNG")
    return buffer.getvalue()


def schedule_data(**changes) -> dict:
    """The schedule part of an activity's form, all the live preview needs: every other
    Tuesday 13–15 from the next Tuesday."""
    data = {
        "repeat": "weekly",
        "start_date": next_weekday(1).isoformat(),
        "start_time": "13:00",
        "end_time": "15:00",
        "weekdays": ["1"],
        "interval": "2",
    }
    data.update(changes)
    return data


def activity_data(place, **changes) -> dict:
    data = {
        "kind": "peer_support",
        "title_fi": "Omaishoitajien vertaisryhmä",
        "venue": "place",
        "place": place.pk if place else "",
        "is_free": "1",
        "status": "published",
        **schedule_data(),
        "action": "save",
    }
    data.update(changes)
    return data


def errors(response) -> dict:
    """The errors of every form on a page that was shown again, for assertion messages."""
    found = {}
    context = response.context or {}
    for name in ("form", "schedule_form"):
        if name in context and context[name].errors:
            found[name] = context[name].errors
    for name in ("hours", "exceptions", "photos"):
        if name in context:
            found[name] = [f.errors for f in context[name].forms if f.errors]
            found[name + "_nonform"] = context[name].non_form_errors()
    return found
