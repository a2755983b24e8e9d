"""Organisers' attendance pages under /<lang>/manage/: a month of an activity's dates on one
form, one date with who came, a meeting place's door counter and typed totals, and the
association's yearly report. Thin: rights from access.py, writes from services.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from meetingplaces.hours import day_hours, has_hours, hours_prefetch
from meetingplaces.models import MeetingPlace, Occurrence
from meetingplaces.services import local_today
from portal.lib.forms import error_links

from . import access, services
from .figures import month_page_url, month_start
from .forms import DateFiguresForm, DayTotalForm, PresenceForm
from .models import DateRecord, PlaceDay, Presence
from .services import month_end


@dataclass
class DateRow:
    """A row of the month's table: the date, its saved figures, and its form (None for a
    cancelled date without figures)."""

    occurrence: Occurrence
    record: DateRecord | None
    form: DateFiguresForm | None


def _month(request: HttpRequest, today: dt.date) -> dt.date:
    try:
        month = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return month_start(today)
    return min(month, month_start(today))


def _months_around(month: dt.date, today: dt.date) -> tuple[dt.date, dt.date | None]:
    previous = month_start(month - dt.timedelta(days=1))
    following = month_start(month_end(month) + dt.timedelta(days=1))
    return previous, (following if following <= today else None)


def _initial(record: DateRecord | None) -> dict:
    if record is None:
        return {}
    return {
        "not_held": record.not_held,
        "visitors": record.visitors,
        "volunteers": record.volunteers,
        "volunteer_hours": record.volunteer_hours,
        "note": record.note,
    }


def _save(
    form: DateFiguresForm,
    occurrence: Occurrence,
    user: User,
    *,
    present: list[int] | None = None,
) -> None:
    """The date's figures, and who came when the form asked (`present`: sign-up ids)."""
    if form.is_empty() and not present:
        services.date_record_delete(occurrence=occurrence)
        return
    data = form.cleaned_data
    services.date_record_save(
        occurrence=occurrence,
        user=user,
        not_held=data["not_held"],
        visitors=data["visitors"],
        volunteers=data["volunteers"],
        volunteer_hours=data["volunteer_hours"],
        note=data["note"],
        present=present,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_month(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = access.get_activity(request.user, slug)
    today = local_today()
    month = _month(request, today)
    occurrences = list(
        Occurrence.objects.filter(
            activity=activity, date__range=(month, min(month_end(month), today))
        )
        .select_related("attendance")
        .order_by("date")
    )
    rows: list[DateRow] = []
    for occurrence in occurrences:
        record = getattr(occurrence, "attendance", None)
        form = None
        if not occurrence.is_cancelled or record is not None:
            form = DateFiguresForm(
                request.POST if request.method == "POST" else None,
                prefix=f"d{occurrence.pk}",
                initial=_initial(record),
            )
        rows.append(DateRow(occurrence=occurrence, record=record, form=form))
    forms_in_order = [row.form for row in rows if row.form is not None]
    if request.method == "POST" and all(form.is_valid() for form in forms_in_order):
        saved = 0
        for row in rows:
            if row.form is not None and row.form.has_changed():
                row.occurrence.activity = activity
                _save(row.form, row.occurrence, request.user)
                saved += 1
        messages.success(
            request,
            _("Saved the figures of %(count)s dates.") % {"count": saved}
            if saved
            else _("Nothing was changed."),
        )
        return redirect(month_page_url("attendance:activity", slug, month))
    previous, following = _months_around(month, today)
    return render(
        request,
        "attendance/activity_month.html",
        {
            "activity": activity,
            "organisation": activity.organisation,
            "month": month,
            "previous": previous,
            "following": following,
            "rows": rows,
            "error_links": error_links(forms_in_order),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def date_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = access.get_occurrence(request.user, slug, pk)
    activity = occurrence.activity
    access.require(occurrence.date <= local_today())
    record = DateRecord.objects.filter(occurrence=occurrence).first()
    data = request.POST if request.method == "POST" else None
    form = DateFiguresForm(data, initial=_initial(record))
    candidates = list(services.presence_candidates(occurrence))
    presence_form = None
    if candidates:
        choices = [
            (
                str(signup.pk),
                signup.name
                if signup.show_name and signup.name
                else _("Participant %(number)s") % {"number": number},
            )
            for number, signup in enumerate(candidates, start=1)
        ]
        present = []
        if record is not None:
            present = [
                str(pk)
                for pk in Presence.objects.filter(record=record).values_list("signup_id", flat=True)
            ]
        presence_form = PresenceForm(data, choices=choices, initial={"present": present})
    if request.method == "POST":
        valid = form.is_valid() and (presence_form is None or presence_form.is_valid())
        if valid:
            came = None
            if presence_form is not None:
                came = [int(pk) for pk in presence_form.cleaned_data["present"]]
            _save(form, occurrence, request.user, present=came)
            messages.success(request, _("The figures of the date were saved."))
            return redirect(month_page_url("attendance:activity", slug, occurrence.date))
    return render(
        request,
        "attendance/date_detail.html",
        {
            "activity": activity,
            "organisation": activity.organisation,
            "occurrence": occurrence,
            "form": form,
            "presence_form": presence_form,
            "error_links": error_links([form, presence_form]),
        },
    )


def _place_days(place: MeetingPlace, month: dt.date, today: dt.date) -> list[dict]:
    last = min(month_end(month), today)
    place = MeetingPlace.objects.prefetch_related(*hours_prefetch(month, last)).get(pk=place.pk)
    counts = dict(
        PlaceDay.objects.filter(place=place, date__range=(month, last)).values_list(
            "date", "visitors"
        )
    )
    every_day = not has_hours(place)  # no opening hours given: any day may be typed in
    days = []
    day = month
    while day <= last:
        hours = day_hours(place, day)
        if every_day or not hours.closed or day in counts:
            days.append(
                {
                    "date": day,
                    "closed": hours.closed and not every_day,
                    "visitors": counts.get(day),
                }
            )
        day += dt.timedelta(days=1)
    return days


@login_required
@require_http_methods(["GET", "POST"])
def place_month(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    place = access.get_place(request.user, slug)
    today = local_today()
    month = _month(request, today)
    days = _place_days(place, month, today)
    for day in days:
        day["form"] = DayTotalForm(
            request.POST if request.method == "POST" else None,
            prefix=f"v{day['date']:%Y%m%d}",
            initial={"visitors": day["visitors"]},
        )
    forms_in_order = [day["form"] for day in days]
    if request.method == "POST" and all(form.is_valid() for form in forms_in_order):
        totals = {
            day["date"]: day["form"].cleaned_data["visitors"]
            for day in days
            if day["form"].has_changed()
        }
        services.place_days_set(place=place, totals=totals)
        messages.success(request, _("The visitor counts were saved."))
        return redirect(month_page_url("attendance:place", slug, month))
    previous, following = _months_around(month, today)
    today_count = (
        PlaceDay.objects.filter(place=place, date=today).values_list("visitors", flat=True).first()
    )
    return render(
        request,
        "attendance/place_month.html",
        {
            "place": place,
            "month": month,
            "previous": previous,
            "following": following,
            "days": days,
            "today": today,
            "today_count": today_count or 0,
            "error_links": error_links(forms_in_order),
        },
    )


@login_required
@require_POST
def place_door(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The door's +1 (a plain form: works without JavaScript; two phones both count)."""
    place = access.get_place(request.user, slug)
    count = services.place_day_add(place=place, date=local_today())
    messages.success(request, _("Counted. Visitors today: %(count)s") % {"count": count})
    return redirect(reverse("attendance:place", kwargs={"slug": slug}) + "#door")
