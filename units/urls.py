"""The public pages of units, mounted at /<lang>/units/."""

from django.urls import path

from .views import public as views

app_name = "units"

urlpatterns = [
    path("", views.index, name="index"),
    path("area/<slug:slug>/", views.area, name="area"),
    path("<slug:slug>/", views.unit_detail, name="unit"),
]
