"""Associations' editing of their meeting places, activities and single dates.

Thin views: rights come from meetingplaces.access (and organisations.access for the
organisation itself), writes from meetingplaces.editing and meetingplaces.services.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from organisations import access as organisation_access
from organisations.models import Organisation
from portal.lib.forms import error_links

from .. import access, editing, services
from ..forms.activity import ActivityForm
from ..forms.occurrence import ActivityBreakForm, OccurrenceCancelForm, OccurrenceMoveForm
from ..forms.place import OpeningExceptionFormSet, OpeningHoursFormSet, PlaceForm, PlacePhotoFormSet
from ..forms.schedule import ScheduleForm
from ..hours import occurrence_note
from ..models import Activity, ActivityBreak, MeetingPlace, Occurrence, PublishStatus
from ..schedule import HELSINKI, describe, local_instant

PREVIEW_COUNT = 5


def _organisation_for_edit(user, slug: str) -> Organisation:
    """The organisation whose places and activities the user edits (members, the area's
    coordinator, staff): the registry's own getter."""
    return organisation_access.get_organisation_for_edit(user, slug)


def _place_organisations(user, place: MeetingPlace | None, organisation: Organisation | None):
    """Who may be named as running the place: its current organisations, the user's own and
    the one the page is for."""
    ids = set(access.member_organisation_ids(user))
    if place is not None and place.pk:
        ids |= set(place.organisations.values_list("pk", flat=True))
    if organisation is not None:
        ids.add(organisation.pk)
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _place_owner(user, place: MeetingPlace) -> Organisation:
    """The organisation a place's pages lead back to: the user's own among those running it."""
    organisations = list(place.organisations.order_by("name"))
    mine = access.member_organisation_ids(user)
    for organisation in organisations:
        if organisation.pk in mine:
            return organisation
    if not organisations:  # only through the admin: nobody's place to edit here
        raise Http404
    return organisations[0]


# --- overview ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_edit(request.user, slug)
    now = timezone.now()
    upcoming = Q(occurrences__starts_at__gte=now) & ~Q(
        occurrences__status=Occurrence.Status.CANCELLED
    )
    activities = (
        Activity.objects.filter(organisation=organisation)
        .select_related("place")
        .annotate(next_start=Min("occurrences__starts_at", filter=upcoming))
        .order_by("status", "title_fi")
    )
    places = (
        MeetingPlace.objects.filter(organisations=organisation)
        .select_related("municipality")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("status", "name_fi")
    )
    return render(
        request,
        "meetingplaces/manage/overview.html",
        {
            "organisation": organisation,
            "activities": activities,
            "places": places,
            "can_add": organisation.welfare_area_id is not None,
        },
    )


# --- meeting places ----------------------------------------------------------------------------


def _place_formsets(request, place: MeetingPlace | None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    instance = place if place is not None else MeetingPlace()
    return [
        OpeningHoursFormSet(data, instance=instance, prefix="hours"),
        OpeningExceptionFormSet(data, instance=instance, prefix="exceptions"),
        PlacePhotoFormSet(data, files, instance=instance, prefix="photos"),
    ]


def _place_form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: PlaceForm,
    organisation: Organisation,
    place: MeetingPlace | None,
) -> HttpResponse:
    """The place's form with its hours, exceptions and photos: a new place run by
    `organisation` (`place` None) or an edit; saved, the organisation's overview follows."""
    formsets = _place_formsets(request, place)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        editing.place_save(
            form=form,
            formsets=formsets,
            user=request.user,
            organisation=organisation if place is None else None,
        )
        messages.success(request, _("The meeting place was saved."))
        return redirect("places_manage:overview", slug=organisation.slug)
    hours, exceptions, photos = formsets
    formset_errors = [f for fs in formsets for f in fs.forms if f.is_bound and f.errors] + [
        fs for fs in formsets if fs.is_bound and fs.non_form_errors()
    ]
    return render(
        request,
        "meetingplaces/manage/place_form.html",
        {
            "form": form,
            "hours": hours,
            "exceptions": exceptions,
            "photos": photos,
            "error_links": error_links([form, *(f for fs in formsets for f in fs.forms)]),
            "has_errors": bool(form.is_bound and form.errors) or bool(formset_errors),
            "organisation": organisation,
            "place": place,
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def place_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_edit(request.user, slug)
    if organisation.welfare_area_id is None:
        messages.error(request, _("Choose your organisation's welfare area first."))
        return redirect("places_manage:overview", slug=slug)
    organisations = _place_organisations(request.user, None, organisation)
    form = PlaceForm(
        request.POST or None,
        organisations_qs=organisations,
        initial={"organisations": [organisation.pk], "status": PublishStatus.PUBLISHED},
    )
    # The organisation the place is added for always runs it; others may be ticked too.
    form.fields["organisations"].required = False
    return _place_form_page(request, form=form, organisation=organisation, place=None)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    place = access.get_place_for_edit(request.user, slug)
    organisation = _place_owner(request.user, place)
    form = PlaceForm(
        request.POST or None,
        instance=MeetingPlace.objects.get(pk=place.pk),
        organisations_qs=_place_organisations(request.user, place, None),
    )
    return _place_form_page(request, form=form, organisation=organisation, place=place)


@login_required
@require_http_methods(["GET", "POST"])
def place_archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    place = access.get_place_for_edit(request.user, slug)
    organisation = _place_owner(request.user, place)
    archived = place.status == PublishStatus.ARCHIVED
    if request.method == "POST":
        if archived:
            editing.place_set_status(place, PublishStatus.DRAFT)
            messages.success(request, _("The meeting place is back as a draft."))
        else:
            editing.place_set_status(place, PublishStatus.ARCHIVED)
            messages.success(request, _("The meeting place was archived."))
        return redirect("places_manage:overview", slug=organisation.slug)
    active = place.activities.exclude(status=PublishStatus.ARCHIVED)
    return render(
        request,
        "meetingplaces/manage/place_archive.html",
        {
            "place": place,
            "organisation": organisation,
            "archived": archived,
            "active_activities": active,
        },
    )


# --- activities --------------------------------------------------------------------------------


def _preview(schedule_form: ScheduleForm, activity: Activity | None = None) -> dict | None:
    """The plain-words description and the next dates of a valid schedule form; for a saved
    activity, each date with what happened to it (cancelled or moved, with the note)."""
    if not schedule_form.is_bound or not schedule_form.is_valid():
        return None
    schedule = schedule_form.schedule()
    today = schedule_form.today or services.local_today()
    first = max(today, schedule.start_date)
    days = schedule.dates(first, first + dt.timedelta(days=2 * 366))[:PREVIEW_COUNT]
    stored = {}
    if activity is not None and activity.pk:
        stored = {
            occurrence.date: occurrence
            for occurrence in Occurrence.objects.filter(activity=activity, date__in=days)
            .exclude(status=Occurrence.Status.SCHEDULED)
            .select_related("place")
        }
    dates = []
    for day in days:
        occurrence = stored.get(day)
        dates.append(
            {
                "date": day,
                "starts": local_instant(day, schedule.start_time).astimezone(HELSINKI),
                "ends": local_instant(day, schedule.end_time).astimezone(HELSINKI),
                "cancelled": occurrence is not None and occurrence.is_cancelled,
                "moved": occurrence is not None and occurrence.status == Occurrence.Status.MOVED,
                "moved_starts": occurrence.starts_at.astimezone(HELSINKI) if occurrence else None,
                "moved_ends": occurrence.ends_at.astimezone(HELSINKI) if occurrence else None,
                "place": occurrence.place if occurrence else None,
                "note": occurrence_note(occurrence) if occurrence else "",
            }
        )
    return {"description": describe(schedule), "dates": dates}


def _activity_form_page(
    request, *, form, schedule_form, organisation, activity, copy_of=None, preview_asked=False
):
    preview = _preview(schedule_form, activity) if schedule_form.is_bound else None
    if preview is None and activity is not None and not schedule_form.is_bound:
        bound = ScheduleForm(
            data=_schedule_data(ScheduleForm.initial_for(activity)), activity=activity
        )
        preview = _preview(bound, activity)
    links = error_links([] if preview_asked else [form]) + error_links([schedule_form])
    return render(
        request,
        "meetingplaces/manage/activity_form.html",
        {
            "form": form,
            "schedule_form": schedule_form,
            "preview": preview,
            "error_links": links,
            "organisation": organisation,
            "activity": activity,
            "copy_of": copy_of,
            "preview_url": _preview_url(organisation),
        },
    )


def _preview_url(organisation: Organisation) -> str:
    from django.urls import reverse

    return reverse("places_manage:activity-preview", kwargs={"slug": organisation.slug})


def _schedule_data(initial: dict) -> dict:
    """A schedule form's initial values as posted data (to preview a saved schedule)."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in initial.items():
        if value is None:
            continue
        if name in ("extra_dates", "skipped_dates"):
            data[name] = "\n".join(day.isoformat() for day in value)
        elif isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def _activity_page(
    request: HttpRequest,
    *,
    organisation: Organisation,
    activity: Activity | None = None,
    copy_of: Activity | None = None,
) -> HttpResponse:
    """The activity form: a new activity, an `activity`'s edit, or a new draft prefilled from
    `copy_of`. A valid post saves and leads to the activity's dates; "preview" (and any error)
    shows the page again with everything typed."""
    data = request.POST if request.method == "POST" else None
    preview_asked = data is not None and data.get("action") == "preview"
    if copy_of is not None:
        initial = editing.activity_copy_initial(copy_of)
    elif activity is None:
        initial = {"status": PublishStatus.PUBLISHED}
    else:
        initial = None
    # A fresh copy: the form's changes to its instance never reach the page's `activity`.
    instance = Activity.objects.get(pk=activity.pk) if activity is not None else None
    form = ActivityForm(data, instance=instance, organisation=organisation, initial=initial)
    form.quiet = preview_asked
    schedule_form = ScheduleForm(data, activity=copy_of or instance)
    if data is not None and not preview_asked:
        schedule_ok = schedule_form.is_valid()
        if form.is_valid() and schedule_ok:
            saved = editing.activity_save(
                form=form, schedule_form=schedule_form, user=request.user, organisation=organisation
            )
            if activity is None:
                messages.success(request, _("The activity was saved."))
            else:
                messages.success(request, _("Your changes to the activity were saved."))
            return redirect("places_manage:occurrences", slug=saved.slug)
    return _activity_form_page(
        request,
        form=form,
        schedule_form=schedule_form,
        organisation=organisation,
        activity=activity,
        copy_of=copy_of,
        preview_asked=preview_asked,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_edit(request.user, slug)
    if organisation.welfare_area_id is None:
        messages.error(request, _("Choose your organisation's welfare area first."))
        return redirect("places_manage:overview", slug=slug)
    return _activity_page(request, organisation=organisation)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = access.get_activity_for_edit(request.user, slug)
    return _activity_page(request, organisation=activity.organisation, activity=activity)


@login_required
@require_http_methods(["GET", "POST"])
def activity_duplicate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The activity form, prefilled from another activity, saving a new draft."""
    original = access.get_activity_for_edit(request.user, slug)
    return _activity_page(request, organisation=original.organisation, copy_of=original)


@login_required
@require_POST
def activity_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The schedule's plain words and next dates for the form's live preview (htmx)."""
    organisation = _organisation_for_edit(request.user, slug)
    activity = None
    if request.POST.get("activity"):
        activity = access.get_activity_for_edit(request.user, request.POST["activity"])
        if activity.organisation_id != organisation.pk:
            activity = None
    schedule_form = ScheduleForm(request.POST, activity=activity)
    preview = _preview(schedule_form, activity)
    # While the person is still filling the form in, "this field is required" is no news.
    live_errors = [
        (schedule_form[name].label, " ".join(error.messages))
        for name, errors in schedule_form.errors.as_data().items()
        if name in schedule_form.fields
        for error in errors
        if error.code != "required"
    ]
    return render(
        request,
        "meetingplaces/manage/_schedule_preview.html",
        {"preview": preview, "live_errors": live_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = access.get_activity_for_edit(request.user, slug)
    archived = activity.status == PublishStatus.ARCHIVED
    if request.method == "POST":
        if archived:
            editing.activity_set_status(activity, PublishStatus.DRAFT)
            messages.success(request, _("The activity is back as a draft."))
        else:
            editing.activity_set_status(activity, PublishStatus.ARCHIVED)
            messages.success(request, _("The activity was archived."))
        return redirect("places_manage:overview", slug=activity.organisation.slug)
    return render(
        request,
        "meetingplaces/manage/activity_archive.html",
        {"activity": activity, "organisation": activity.organisation, "archived": archived},
    )


# --- occurrences -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def occurrences(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = access.get_activity_for_edit(request.user, slug)
    today_start = local_instant(services.local_today(), dt.time(0, 0))
    coming = list(
        Occurrence.objects.filter(activity=activity, ends_at__gte=today_start)
        .select_related("place")
        .order_by("starts_at")
    )
    for occurrence in coming:
        occurrence.shown_note = occurrence_note(occurrence)
    return render(
        request,
        "meetingplaces/manage/occurrences.html",
        {
            "activity": activity,
            "organisation": activity.organisation,
            "occurrences": coming,
            "description": describe_activity(activity),
            "breaks": activity.breaks.filter(ends_on__gte=services.local_today()),
        },
    )


def describe_activity(activity: Activity) -> str:
    from ..schedule import Schedule

    return describe(Schedule.of(activity))


@login_required
@require_http_methods(["GET", "POST"])
def occurrence_cancel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = access.get_occurrence_for_edit(request.user, slug, pk)
    form = OccurrenceCancelForm(request.POST or None, initial={"note": occurrence.note})
    if request.method == "POST" and form.is_valid():
        services.occurrence_cancel(occurrence, note=form.cleaned_data["note"])
        messages.success(
            request,
            _("The date %(date)s was cancelled.") % {"date": _local_date(occurrence)},
        )
        return redirect("places_manage:occurrences", slug=slug)
    return _dates_form_page(
        request,
        "meetingplaces/manage/occurrence_cancel.html",
        form,
        occurrence.activity,
        occurrence=occurrence,
    )


@login_required
@require_http_methods(["GET", "POST"])
def occurrence_move(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = access.get_occurrence_for_edit(request.user, slug, pk)
    activity = occurrence.activity
    starts = timezone.localtime(occurrence.starts_at, HELSINKI)
    ends = timezone.localtime(occurrence.ends_at, HELSINKI)
    form = OccurrenceMoveForm(
        request.POST or None,
        organisation=activity.organisation,
        initial={
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "place": occurrence.place_id,
            "note": occurrence.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.occurrence_move(
            occurrence,
            starts_at=local_instant(data["date"], data["start_time"]),
            ends_at=local_instant(data["date"], data["end_time"]),
            place=data["place"],
            note=data["note"],
        )
        messages.success(
            request, _("The date %(date)s was moved.") % {"date": _local_date(occurrence)}
        )
        return redirect("places_manage:occurrences", slug=slug)
    return _dates_form_page(
        request, "meetingplaces/manage/occurrence_move.html", form, activity, occurrence=occurrence
    )


@login_required
@require_POST
def occurrence_restore(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = access.get_occurrence_for_edit(request.user, slug, pk)
    services.occurrence_restore(occurrence)
    messages.success(
        request,
        _("The date %(date)s is as planned again.") % {"date": _local_date(occurrence)},
    )
    return redirect("places_manage:occurrences", slug=slug)


def _dates_form_page(
    request: HttpRequest, template: str, form, activity: Activity, **extra
) -> HttpResponse:
    """A form about one of an activity's dates or breaks, with the form's error links."""
    return render(
        request,
        template,
        {
            "form": form,
            "activity": activity,
            "organisation": activity.organisation,
            "error_links": error_links([form]),
            **extra,
        },
    )


def _local_date(occurrence: Occurrence) -> str:
    day = occurrence.date
    return f"{day.day}.{day.month}.{day.year}"


# --- breaks ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_break_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Declare a break ("Joulutauko 20.12.–6.1."): its dates are cancelled with its name."""
    activity = access.get_activity_for_edit(request.user, slug)
    form = ActivityBreakForm(request.POST or None, today=services.local_today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = services.activity_break_add(
            activity=activity,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
        )
        messages.success(
            request,
            _("The break %(name)s %(period)s was added: its dates are cancelled.")
            % {"name": item.note, "period": item.period()},
        )
        return redirect("places_manage:occurrences", slug=slug)
    return _dates_form_page(
        request, "meetingplaces/manage/activity_break_form.html", form, activity
    )


@login_required
@require_POST
def activity_break_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    activity = access.get_activity_for_edit(request.user, slug)
    item = ActivityBreak.objects.filter(activity=activity, pk=pk).first()
    if item is None:
        raise Http404
    item.activity = activity
    services.activity_break_remove(item=item)
    messages.success(
        request,
        _("The break %(name)s was removed: its dates are as planned again.") % {"name": item.note},
    )
    return redirect("places_manage:occurrences", slug=slug)
