"""Pages of the residents' and organisers' whole jobs around sign-ups (issue 16):

- a cancelled or past date's sign-up address says so at once and links the next date;
- the person's calendar subscription of their own sign-ups (a secret webcal address, reset);
- the organisers' sign-up page of an activity (every coming date with its counts, links to the
  lists, reminder times and notices), the participant list's print view and CSV/XLSX export
  per date and per series, and the choice of e-mails about sign-ups.

Thin: rights through signups/access.py, writes through the services (feeds.py, notices.py).
Contact details appear only of people who agreed to share them, and only to the organisation's
members (as names on the list); everyone else is counted.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from meetingplaces.hours import occurrence_note
from meetingplaces.models import Occurrence
from portal.lib.spreadsheet import table_download

from . import access, feeds, notices, texts
from .forms import NoticeForm
from .models import OrganiserNotice, Signup

# --- a date that can no longer be signed up for ----------------------------------------------


def next_bookable(occurrence: Occurrence) -> Occurrence | None:
    """The activity's next date that can still be signed up for."""
    return (
        Occurrence.objects.filter(activity=occurrence.activity_id, starts_at__gt=timezone.now())
        .exclude(status=Occurrence.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def signup_closed(request, occurrence: Occurrence):
    """No form: the date is cancelled (or has begun); the next date's sign-up is linked."""
    return render(
        request,
        "signups/signup_closed.html",
        {
            "activity": occurrence.activity,
            "occurrence": occurrence,
            "note": occurrence_note(occurrence),
            "when": texts.when_text(occurrence),
            "cancelled": occurrence.is_cancelled,
            "next": next_bookable(occurrence),
        },
        status=200 if request.method == "GET" else 400,
    )


# --- the person's calendar --------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    """The subscription address of the person's own sign-ups; POST makes (or resets) it."""
    if request.method == "POST":
        had = feeds.calendar_feed_of(request.user) is not None
        feeds.calendar_feed_reset(user=request.user)
        messages.success(
            request,
            _("Your calendar address is renewed. The old address no longer works.")
            if had
            else _("Your calendar address is ready."),
        )
        return redirect("signups:calendar")
    feed = feeds.calendar_feed_of(request.user)
    return render(
        request,
        "signups/calendar.html",
        {"feed": feed, "urls": feeds.feed_urls(feed) if feed else None},
    )


@never_cache
@require_safe
def feed(request, token):
    found = feeds.calendar_feed_by_token(token)
    if found is None or not found.user.is_active:
        raise Http404
    response = HttpResponse(feeds.calendar_feed_text(found), content_type="text/calendar")
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = 'inline; filename="ilmoittautumiset.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- the organisers' pages ---------------------------------------------------------------------


def _coming(activity):
    today = timezone.localdate()
    return Occurrence.objects.filter(activity=activity, ends_at__date__gte=today).order_by(
        "starts_at"
    )


@never_cache
@login_required
@require_safe
def activity_signups(request, slug):
    """Every coming date of the activity with its counts and the links of the organiser."""
    from .templatetags.signups import occurrence_counts

    activity = access.get_activity_for_organiser(request.user, slug)
    dates = list(_coming(activity)[:120])
    counts = occurrence_counts(dates)
    rows = [{"occurrence": o, "counts": counts.get(o.pk, {})} for o in dates]
    return render(
        request,
        "signups/activity_signups.html",
        {
            "activity": activity,
            "rows": rows,
            "notice": OrganiserNotice.objects.filter(activity=activity, user=request.user).first(),
        },
    )


def participant_list(user, activity, occurrences) -> dict:
    """Per date: those who shared their name or contact details (only to the organisation's
    members), and how many others are signed up or waiting."""
    names = access.may_see_names(user, activity)
    by_occurrence: dict[int, list[Signup]] = {}
    rows = Signup.objects.filter(
        occurrence__in=occurrences, status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITING]
    ).order_by("status", "confirmed_at", "waiting_since", "pk")  # as signups_for_organiser
    for signup in rows:  # one query for every date
        by_occurrence.setdefault(signup.occurrence_id, []).append(signup)
    dates = []
    for occurrence in occurrences:
        people = by_occurrence.get(occurrence.pk, [])
        shown = []
        for signup in people:
            name = signup.name if names and signup.show_name else ""
            email = signup.email if names and signup.share_contact else ""
            phone = signup.phone if names and signup.share_contact else ""
            if name or email or phone:
                shown.append(
                    {
                        "name": name,
                        "email": email,
                        "phone": phone,
                        "waiting": signup.status == Signup.Status.WAITING,
                    }
                )
        confirmed = sum(1 for s in people if s.status == Signup.Status.CONFIRMED)
        waiting = len(people) - confirmed
        dates.append(
            {
                "occurrence": occurrence,
                "when": texts.when_text(occurrence),
                "cancelled": occurrence.is_cancelled,
                "people": shown,
                "confirmed": confirmed,
                "waiting": waiting,
                "others": len(people) - len(shown),
                "capacity": activity.capacity,
            }
        )
    return {"names": names, "dates": dates}


def _occurrences_for(request, slug, pk):
    if pk is None:
        activity = access.get_activity_for_organiser(request.user, slug)
        return activity, list(_coming(activity)[:120])
    occurrence = access.get_occurrence_for_organiser(request.user, slug, pk)
    return occurrence.activity, [occurrence]


@never_cache
@login_required
@require_safe
def participants_print(request, slug, pk=None):
    activity, occurrences = _occurrences_for(request, slug, pk)
    context = participant_list(request.user, activity, occurrences)
    context.update({"activity": activity, "series": pk is None, "pk": pk})
    return render(request, "signups/participants_print.html", context)


@never_cache
@login_required
@require_safe
def participants_export(request, slug, fmt, pk=None):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    activity, occurrences = _occurrences_for(request, slug, pk)
    listing = participant_list(request.user, activity, occurrences)
    header = [_("Date"), _("Status"), _("Name"), _("Email"), _("Phone number")]
    rows: list[list] = []
    for date in listing["dates"]:
        for person in date["people"]:
            status = _("On the waiting list") if person["waiting"] else _("Signed up")
            rows.append([date["when"], status, person["name"], person["email"], person["phone"]])
        if date["others"]:
            rows.append(
                [
                    date["when"],
                    _("Others (no details shared)"),
                    date["others"],
                    "",
                    "",
                ]
            )
    rows.append([])
    for date in listing["dates"]:
        rows.append([date["when"], _("Total"), _("Signed up"), date["confirmed"], ""])
        rows.append([date["when"], _("Total"), _("On the waiting list"), date["waiting"], ""])
    name = f"{activity.slug}-{pk}" if pk else f"{activity.slug}-all"
    return table_download(header, rows, fmt=fmt, name=name, sheet_title=_("Participants"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notice_settings(request, slug):
    """The signed-in organiser's own choice of e-mails about this activity's sign-ups."""
    activity = access.get_activity_for_organiser(request.user, slug)
    current = OrganiserNotice.objects.filter(activity=activity, user=request.user).first()
    initial = (
        {
            "on_signup": current.on_signup,
            "on_cancel": current.on_cancel,
            "on_full": current.on_full,
            "mode": current.mode,
        }
        if current
        else {"mode": "each"}
    )
    form = NoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = notices.notice_settings_save(
            activity=activity,
            user=request.user,
            on_signup=data["on_signup"],
            on_cancel=data["on_cancel"],
            on_full=data["on_full"],
            mode=data["mode"],
        )
        messages.success(
            request,
            _("Saved. We e-mail you as you chose.")
            if saved
            else _("Saved. You get no e-mails about these sign-ups."),
        )
        return redirect("signups:notices", slug=slug)
    return render(
        request,
        "signups/notice_settings.html",
        {"activity": activity, "form": form},
        status=400 if form.is_bound else 200,
    )
