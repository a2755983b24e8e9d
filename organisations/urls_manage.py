from django.urls import path

from .views import manage as views

app_name = "manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/new/", views.create, name="create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.edit, name="edit"),
    path("organisations/<slug:slug>/confirm/", views.confirm_own, name="confirm-own"),
    path("organisations/<slug:slug>/members/", views.members, name="members"),
    path(
        "organisations/<slug:slug>/members/<int:pk>/role/",
        views.member_role,
        name="member-role",
    ),
    path(
        "organisations/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/cancel/",
        views.invitation_cancel,
        name="invitation-cancel",
    ),
    path(
        "organisations/<slug:slug>/request-access/",
        views.request_access,
        name="request-access",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("access-requests/<int:pk>/decide/", views.decide_access, name="decide-access"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
