"""Public pages of meeting places and activities, their calendars and feeds."""

from django.urls import path

from .views import public

app_name = "meetingplaces"

urlpatterns = [
    path("places/<slug:slug>/", public.place_detail, name="place"),
    path("activities/<slug:slug>/", public.activity_detail, name="activity"),
]
