"""Meeting places and activities: the public pages (namespace "meetingplaces") and the
associations' own editing (namespace "places_manage")."""

from django.urls import include, path

urlpatterns = [
    path("", include("meetingplaces.urls_public")),
    path("manage/", include("meetingplaces.urls_manage")),
]
