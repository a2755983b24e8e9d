"""Public pages of meeting places and activities, their calendars and feeds."""

from django.urls import path

from .views import public

app_name = "meetingplaces"

urlpatterns = [
    path("places/<slug:slug>/", public.place_detail, name="place"),
    path("places/<slug:slug>/calendar.ics", public.place_feed, name="place-feed"),
    path(
        "places/<slug:slug>/photos/<int:pk>-<str:size>.jpg",
        public.place_photo,
        name="place-photo",
    ),
    path("activities/<slug:slug>/", public.activity_detail, name="activity"),
    path("activities/<slug:slug>/calendar.ics", public.activity_feed, name="activity-feed"),
    path(
        "activities/<slug:slug>/dates/<int:pk>.ics",
        public.occurrence_ics,
        name="occurrence-ics",
    ),
    path(
        "organisations/<slug:slug>/calendar.ics",
        public.organisation_feed,
        name="organisation-feed",
    ),
]
