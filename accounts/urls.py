from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/delete/", views.delete_account, name="delete"),
    path("two-factor/continue/", views.totp_continue, name="totp-continue"),
    # allauth's own address (reversed as "account_confirm_email"), served by our view first.
    path("confirm-email/<str:key>/", views.confirm_email, name="confirm-email"),
]
