"""Rights that come from a role, not from membership: welfare-area coordinators and staff.

The one place that says who is a coordinator of what. A role's rights need two-factor
authentication (TOTP): until the person sets it up they have a resident's rights only, and a page
that their role would open raises `TwoFactorRequired`, which accounts.middleware turns into a
redirect to the set-up (and back). Every app's access.py asks these predicates:

    is_coordinator_of_area(user, area_id)  # may curate this welfare area now (role and TOTP)
    coordinator_area_ids(user)             # the areas they may curate now
    has_role(user)                         # holds a role, with or without TOTP (menus, set-up)
    needs_totp(user)                       # holds a role but has not set up TOTP

The role and TOTP lookups are remembered on the user object, which lives for one request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from .mfa import has_mfa

_CACHE_ATTRIBUTE = "_yhdessa_roles"


class TwoFactorRequired(PermissionDenied):
    """The user's role would allow this, once they have set up two-factor authentication."""


@dataclass(frozen=True)
class Roles:
    staff: bool
    area_ids: frozenset[int]  # the welfare areas of the user's coordinator roles
    totp: bool

    @property
    def any(self) -> bool:
        return self.staff or bool(self.area_ids)

    @property
    def active(self) -> bool:
        """The role's rights are in force: there is a role and TOTP is set up."""
        return self.any and self.totp

    def covers(self, area_id: int | None) -> bool:
        """The role (TOTP aside) reaches this area; staff reach everything."""
        return self.staff or (area_id is not None and area_id in self.area_ids)


NO_ROLES = Roles(staff=False, area_ids=frozenset(), totp=False)


def roles(user) -> Roles:
    if user is None or not user.is_authenticated:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from areas.models import Coordinator

    staff = bool(user.is_staff or user.is_superuser)
    area_ids = frozenset(
        Coordinator.objects.filter(user=user).values_list("welfare_area_id", flat=True)
    )
    result = Roles(staff=staff, area_ids=area_ids, totp=(staff or bool(area_ids)) and has_mfa(user))
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def forget_roles(user) -> None:
    """After a role or TOTP changes within the same request (e.g. TOTP was just activated)."""
    if user is not None and hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user) -> bool:
    return roles(user).any


def needs_totp(user) -> bool:
    found = roles(user)
    return found.any and not found.totp


def is_coordinator_of_area(user, area_id: int | None) -> bool:
    """May curate this welfare area now: staff, or its coordinator, with TOTP set up."""
    found = roles(user)
    return found.active and found.covers(area_id)


def role_covers_area(user, area_id: int | None) -> bool:
    """The user's role reaches this area, whether or not TOTP is set up yet."""
    return roles(user).covers(area_id)


def coordinator_area_ids(user) -> set[int]:
    """Welfare areas the user may curate now; staff curate every area; empty without TOTP."""
    found = roles(user)
    if not found.active:
        return set()
    if found.staff:
        from areas.models import WelfareArea

        return set(WelfareArea.objects.values_list("id", flat=True))
    return set(found.area_ids)


def require_coordinator(user) -> set[int]:
    """The welfare areas the user may curate now (coordinator_area_ids): the coordinators'
    pages start here; PermissionDenied (or the TOTP set-up, refuse) for anyone without one."""
    areas = coordinator_area_ids(user)
    if not areas:
        refuse(user, otherwise=PermissionDenied(), any_area=True)
    return areas


def refuse(user, *, otherwise: Exception, area_id: int | None = None, any_area: bool = False):
    """Raise TwoFactorRequired if the user's role would allow this after TOTP, else `otherwise`.

    `area_id`: the welfare area the object belongs to; `any_area`: any role will do (area-wide
    pages such as the coordinators' dashboard).
    """
    found = roles(user)
    if found.any and not found.totp and (any_area or found.covers(area_id)):
        raise TwoFactorRequired
    raise otherwise
