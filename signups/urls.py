"""Sign-ups (namespace "signups"), under the language prefix: /fi/signups/..."""

from django.urls import path

from . import views

app_name = "signups"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("link/<str:token>/", views.link, name="link"),
    path("organise/<slug:slug>/reminders/", views.reminder_settings, name="reminders"),
    path("organise/<slug:slug>/<int:pk>/", views.organise, name="organise"),
    path(
        "organise/<slug:slug>/<int:pk>/check/",
        views.organise_suspicious,
        name="organise_suspicious",
    ),
    # By the occurrence's number only: a sensitive group's name stays out of addresses. Before
    # the slug route ("date/<pk>/" would otherwise read as an activity called "date").
    path("date/<int:pk>/", views.signup_date, name="signup_date"),
    path("<slug:slug>/<int:pk>/", views.signup, name="signup"),
]
