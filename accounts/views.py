import json

from allauth.account import views as allauth_views
from allauth.account.internal.flows import login as login_flows
from allauth.account.models import Login
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .http import AuthenticatedHttpRequest
from .mfa import has_mfa
from .middleware import RETURN_TO_KEY, safe_return_to


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/user_profile.html",
        {"form": form, "has_mfa": has_mfa(request.user)},
    )


@login_required
@require_POST
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = services.user_export_data(user=request.user)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="yhdessa-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    blockers: list[services.DeletionBlocker] = []
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.user_delete(user=user)
        except services.AccountDeletionRefused as refused:
            blockers = refused.blockers
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data were deleted."))
            return redirect("home")
    else:
        blockers = services.user_deletion_blockers(user=request.user)
    return render(
        request,
        "accounts/user_delete.html",
        {"form": form, "blockers": blockers},
        status=400 if request.method == "POST" and blockers else 200,
    )


@login_required
@require_safe
def totp_continue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After setting up TOTP: back to the page that asked for it (once), else the account."""
    return_to = safe_return_to(request, request.session.pop(RETURN_TO_KEY, ""))
    return redirect(return_to or "accounts:profile")


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's e-mail confirmation, which also signs in a new account opened elsewhere.

    allauth signs the person in on confirmation only in the browser session that signed up, and
    only for 15 minutes (ACCOUNT_LOGIN_TIMEOUT); a link opened on the phone's mail app, or
    after lunch, leaves a new resident on the login page to type the password again. Here the
    first confirmation of a never-used account signs it in wherever the link is opened. The link
    does this once: the address is verified after it, and the account has been used. Whoever
    can read the mailbox could reset the password anyway, so the link gives no more than that.
    Accounts with two-factor authentication still go through its step (allauth's login stages).
    """

    def post(self, *args, **kwargs) -> HttpResponse:
        address = self.get_object().email_address
        first_use = not address.verified and address.user.last_login is None
        response = super().post(*args, **kwargs)
        if not first_use or self.request.user.is_authenticated:
            return response
        address.refresh_from_db()
        if not address.verified:
            return response
        login = Login(
            user=address.user,
            email=address.email,
            redirect_url=self.get_next_url() or None,
        )
        return login_flows.perform_login(self.request, login)


confirm_email = ConfirmEmailView.as_view()
