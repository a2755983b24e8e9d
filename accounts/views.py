import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .mfa import has_mfa
from .middleware import RETURN_TO_KEY, safe_return_to


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
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
def export_data(request: HttpRequest) -> HttpResponse:
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
def delete_account(request: HttpRequest) -> HttpResponse:
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
def totp_continue(request: HttpRequest) -> HttpResponse:
    """After setting up TOTP: back to the page that asked for it (once), else the account."""
    return_to = safe_return_to(request, request.session.pop(RETURN_TO_KEY, ""))
    return redirect(return_to or "accounts:profile")
