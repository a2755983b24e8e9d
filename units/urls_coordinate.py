"""The coordinators' unit pages, mounted at /<lang>/coordinate/units/ (TOTP required)."""

from django.urls import path

from .views import coordinate as views

app_name = "units_coordinate"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/archive/", views.unit_archive, name="archive"),
    path("<int:pk>/unarchive/", views.unit_unarchive, name="unarchive"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
]
