"""{% signup_seats occurrence as seats %}: seats of an occurrence for the sign-up partial;
{% signup_url activity occurrence %}: the address of its sign-up page."""

from django import template
from django.urls import reverse

from ..models import Signup
from ..occupancy import seats

register = template.Library()


@register.simple_tag
def signup_seats(occurrence):
    return seats(occurrence)


@register.simple_tag(takes_context=True)
def my_signup(context, occurrence):
    """The signed-in person's active sign-up for this occurrence, or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Signup.objects.filter(occurrence=occurrence, user=user, status__in=Signup.ACTIVE).first()


@register.simple_tag
def signup_url(activity, occurrence) -> str:
    """A sensitive group's sign-up page by the occurrence only: no group name in the address."""
    if activity.is_sensitive:
        return reverse("signups:signup_date", args=[occurrence.pk])
    return reverse("signups:signup", args=[activity.slug, occurrence.pk])


def occurrence_counts(occurrences) -> dict[int, dict[str, int]]:
    """Confirmed, waiting and unconfirmed sign-ups of each occurrence, in one query."""
    from django.db.models import Count

    ids = [o.pk for o in occurrences]
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Signup.objects.filter(occurrence_id__in=ids, status__in=Signup.ACTIVE)
        .values("occurrence_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["occurrence_id"], {})[row["status"]] = row["n"]
    return counts


@register.simple_tag
def signup_counts(occurrences) -> dict:
    """{% signup_counts occurrences as counts %}, then {{ counts|counts_of:occurrence.pk }}."""
    return occurrence_counts(list(occurrences))


@register.filter
def counts_of(counts: dict, pk):
    return counts.get(pk, {})


@register.simple_tag(takes_context=True)
def my_signup_ids(context, activity) -> set[int]:
    """The occurrences of this activity the signed-in person is signed up for (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Signup.objects.filter(activity=activity, user=user, status__in=Signup.ACTIVE).values_list(
            "occurrence_id", flat=True
        )
    )


@register.simple_tag(takes_context=True)
def may_organise(context, activity) -> bool:
    """Whether the signed-in person may open the activity's sign-up lists."""
    from meetingplaces.access import can_edit_activity

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not activity.signup_required:
        return False
    return can_edit_activity(user, activity)


@register.simple_tag
def seats_left(activity, dates) -> dict[int, int]:
    """Free places of each date on an activity page (one query): {occurrence pk: left}."""
    if activity.capacity is None:
        return {}
    occurrences = [getattr(date, "occurrence", date) for date in dates]
    counts = occurrence_counts(occurrences)
    return {
        o.pk: max(activity.capacity - counts.get(o.pk, {}).get("confirmed", 0), 0)
        for o in occurrences
    }
