"""Attendance pages under /<lang>/manage/ (namespace "attendance")."""

from django.urls import path

from . import reports, views

app_name = "attendance"

urlpatterns = [
    path("activities/<slug:slug>/attendance/", views.activity_month, name="activity"),
    path("activities/<slug:slug>/attendance/<int:pk>/", views.date_detail, name="date"),
    path("places/<slug:slug>/visitors/", views.place_month, name="place"),
    path("places/<slug:slug>/visitors/door/", views.place_door, name="door"),
    path("organisations/<slug:slug>/report/", reports.yearly_report_view, name="report"),
]
