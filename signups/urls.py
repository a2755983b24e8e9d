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
    path("<slug:slug>/<int:pk>/", views.signup, name="signup"),
]
