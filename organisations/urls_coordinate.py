"""Coordinators' curation pages, mounted at /<lang>/coordinate/ (staff pages: TOTP required)."""

from django.urls import path

from .views import coordinate as views

app_name = "coordinate"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review_organisation, name="review"),
    path("organisations/<int:pk>/edit/", views.edit, name="edit"),
    path("organisations/<int:pk>/history/", views.history, name="history"),
    path(
        "organisations/<int:pk>/history/<int:version_pk>/restore/",
        views.restore,
        name="restore",
    ),
    path("organisations/<int:pk>/archive/", views.archive, name="archive"),
    path("organisations/<int:pk>/unarchive/", views.unarchive, name="unarchive"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merge/<int:pk>/into/<int:target_pk>/", views.merge_organisations, name="merge"),
    path("stale/", views.stale, name="stale"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("export.csv", views.export, name="export"),
]
