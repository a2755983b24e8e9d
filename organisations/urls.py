"""Registry URLs in three parts, each with its own namespace:
organisations: the public directory; manage: associations' own work; coordinate: curation."""

from django.urls import include, path

urlpatterns = [
    path("organisations/", include("organisations.urls_public")),
    path("manage/", include("organisations.urls_manage")),
    path("coordinate/", include("organisations.urls_coordinate")),
]
