"""Who may do what in guidance; views get every object they check through these functions.

- A professional (a `Professional` row: a welfare-area employee attached to a unit) uses the
  guidance tool and sees the requests of their own units. Their rights need TOTP, as a
  coordinator's do: without it they are sent to set it up (accounts.roles.TwoFactorRequired).
- An association's members (any role) see the requests their association received or sent and
  find a unit's collaboration contact. Nobody else reads a request's personal data: not
  coordinators, not staff (the figures count without it).
- A coordinator of a welfare area (with TOTP) invites professionals to the area's units.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.mfa import has_mfa
from accounts.models import User
from accounts.roles import require_coordinator as require_coordinator
from organisations.models import Membership, Organisation

from .models import ContactRequest, Professional

_CACHE = "_guidance_unit_ids"


def professional_unit_ids(user: User | AnonymousUser | None) -> set[int]:
    """The units the user works for as a professional (TOTP aside); remembered per request."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = set(Professional.objects.filter(user=user).values_list("unit_id", flat=True))
        setattr(user, _CACHE, cached)
    return cached


def is_professional(user: User | AnonymousUser | None) -> bool:
    return bool(professional_unit_ids(user))


def require_professional(user: User | AnonymousUser) -> set[int]:
    """The units of a professional with TOTP; the TOTP set-up without it; 403 for others."""
    unit_ids = professional_unit_ids(user)
    if not unit_ids:
        raise PermissionDenied
    if not has_mfa(user):
        raise roles.TwoFactorRequired
    return unit_ids


def professional_unit(user: User | AnonymousUser, unit_id: str | int | None) -> int:
    """One of the professional's units (404 for any other)."""
    unit_ids = require_professional(user)
    if unit_id is None:
        raise Http404
    try:
        number = int(unit_id)
    except ValueError:
        raise Http404 from None
    if number not in unit_ids:
        raise Http404
    return number


def member_organisation(user: User, slug: str) -> Organisation:
    """An organisation the user is a member of (404 when there is none by that address, 403
    when they are not a member)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise PermissionDenied
    return organisation


def organisation_ids(user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def receives(user: User | AnonymousUser, request: ContactRequest) -> bool:
    """The user is on the receiving side: the association's member, or the unit's professional
    with TOTP."""
    if request.direction == ContactRequest.Direction.TO_ORGANISATION:
        return request.organisation_id in organisation_ids(user)
    return request.unit_id in professional_unit_ids(user) and has_mfa(user)


def get_request_for_receiver(user: User | AnonymousUser, pk: int) -> ContactRequest:
    """A request for its receiving side only (404 for anyone else, so it is not revealed; the
    TOTP set-up for a professional of the unit without it)."""
    request = get_object_or_404(
        ContactRequest.objects.select_related("unit", "organisation", "activity", "theme"), pk=pk
    )
    if not receives(user, request):
        if (
            request.direction == ContactRequest.Direction.TO_UNIT
            and request.unit_id in professional_unit_ids(user)
        ):
            raise roles.TwoFactorRequired
        raise Http404
    return request
