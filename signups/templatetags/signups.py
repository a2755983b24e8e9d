"""{% signup_seats occurrence as seats %}: seats of an occurrence for the sign-up partial."""

from django import template

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
