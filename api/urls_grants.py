"""An organisation's admins grant and revoke data sources, at
/<lang>/manage/organisations/<slug>/data-sources/ (the section is on the members page)."""

from django.urls import path

from . import views_sources as views

app_name = "source_grants"

urlpatterns = [
    path("<int:pk>/grant/", views.grant, name="grant"),
    path("grants/<int:pk>/revoke/", views.revoke, name="revoke"),
]
