from django.urls import path

from . import views, views_requests

app_name = "guidance"

urlpatterns = [
    path("", views.home, name="home"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/add/", views.shortlist_add, name="shortlist-add"),
    path("shortlist/remove/", views.shortlist_remove, name="shortlist-remove"),
    path("shortlist/clear/", views.shortlist_clear, name="shortlist-clear"),
    path("shortlist/print/", views.shortlist_print, name="shortlist-print"),
    path("shortlist/link/", views.shortlist_link, name="shortlist-link"),
    path("shortlist/send/", views.shortlist_send, name="shortlist-send"),
    path("list/<str:token>/", views.shared, name="shared"),
    path("handoff/<slug:slug>/", views_requests.handoff, name="handoff"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request"),
    path(
        "organisations/<slug:slug>/requests/",
        views_requests.organisation_requests,
        name="organisation-requests",
    ),
    path("organisations/<slug:slug>/units/", views_requests.find_unit, name="find-unit"),
    path(
        "organisations/<slug:slug>/units/<int:unit>/request/",
        views_requests.unit_request,
        name="unit-request",
    ),
    path("professionals/", views.professionals, name="professionals"),
    path("professionals/<int:pk>/remove/", views.professional_remove, name="professional-remove"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
]
