"""Staff and coordinators must set up TOTP before any staff page, the Django admin included."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import has_mfa

# Path fragments (after the language prefix) that count as staff pages.
STAFF_PREFIXES = ("/admin/", "/coordinate/")


def is_staff_path(path: str) -> bool:
    parts = path.split("/", 2)
    rest = "/" + parts[2] if len(parts) > 2 else path
    return rest.startswith(STAFF_PREFIXES) or path.startswith(STAFF_PREFIXES)


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            is_staff_path(request.path_info)
            and user.is_authenticated
            and user.must_use_mfa()
            and not has_mfa(user)
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication before you open the staff pages."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)
