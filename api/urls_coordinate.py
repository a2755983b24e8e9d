"""The coordinators' data source pages, at /<lang>/coordinate/data-sources/ (TOTP required)."""

from django.urls import path

from . import views_sources as views

app_name = "data_sources"

urlpatterns = [
    path("", views.source_list, name="list"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("<int:pk>/keys/", views.key_issue, name="key-issue"),
    path("<int:pk>/keys/<int:key_pk>/rotate/", views.key_rotate, name="key-rotate"),
    path("<int:pk>/keys/<int:key_pk>/revoke/", views.key_revoke, name="key-revoke"),
]
