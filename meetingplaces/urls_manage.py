"""Associations' editing of their meeting places and activities, under /<lang>/manage/."""

from django.urls import path

from .views import manage as views

app_name = "places_manage"

urlpatterns = [
    path("organisations/<slug:slug>/places/", views.overview, name="overview"),
    path("organisations/<slug:slug>/places/new/", views.place_create, name="place-create"),
    path(
        "organisations/<slug:slug>/activities/new/",
        views.activity_create,
        name="activity-create",
    ),
    path(
        "organisations/<slug:slug>/activities/preview/",
        views.activity_preview,
        name="activity-preview",
    ),
    path("places/<slug:slug>/edit/", views.place_edit, name="place-edit"),
    path("places/<slug:slug>/archive/", views.place_archive, name="place-archive"),
    path("activities/<slug:slug>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<slug:slug>/copy/", views.activity_duplicate, name="activity-duplicate"),
    path("activities/<slug:slug>/archive/", views.activity_archive, name="activity-archive"),
    path("activities/<slug:slug>/dates/", views.occurrences, name="occurrences"),
    path(
        "activities/<slug:slug>/dates/<int:pk>/cancel/",
        views.occurrence_cancel,
        name="occurrence-cancel",
    ),
    path(
        "activities/<slug:slug>/dates/<int:pk>/move/",
        views.occurrence_move,
        name="occurrence-move",
    ),
    path("activities/<slug:slug>/breaks/new/", views.activity_break_add, name="break-add"),
    path(
        "activities/<slug:slug>/breaks/<int:pk>/remove/",
        views.activity_break_remove,
        name="break-remove",
    ),
    path(
        "activities/<slug:slug>/dates/<int:pk>/restore/",
        views.occurrence_restore,
        name="occurrence-restore",
    ),
]
