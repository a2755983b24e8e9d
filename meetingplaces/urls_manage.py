"""Associations' editing of their meeting places and activities."""

from django.urls import path  # noqa: F401

app_name = "places_manage"

urlpatterns: list = []
