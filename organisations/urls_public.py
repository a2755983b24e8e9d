"""The public directory: the searchable list and one organisation's page."""

from django.urls import path

from .views import public

app_name = "organisations"

urlpatterns = [
    path("", public.organisation_list, name="list"),
    path("<slug:slug>/", public.organisation_detail, name="detail"),
]
