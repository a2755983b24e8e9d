"""Public pages of meeting places and activities (placeholders until their templates land)."""

from django.http import HttpResponse
from django.utils.html import escape

from ..access import get_activity_for_view, get_place_for_view


def place_detail(request, slug):
    place = get_place_for_view(request.user, slug)
    return HttpResponse(escape(place.localised_name()))


def activity_detail(request, slug):
    activity = get_activity_for_view(request.user, slug)
    return HttpResponse(escape(activity.title()))
