"""{% signup_seats occurrence as seats %}: seats of an occurrence for the sign-up partial;
{% signup_url activity occurrence %}: the address of its sign-up page."""

from django import template
from django.urls import reverse

from ..models import Signup
from ..services import seats

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
