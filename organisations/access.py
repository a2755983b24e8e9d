"""The only way views get an organisation they must check rights for.

Personas: anonymous and residents see published organisations; members (admin, editor) edit
their own; a coordinator curates the organisations of their own welfare area; staff anything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from areas.models import Coordinator, WelfareArea

from .models import Membership, Organisation


def coordinator_area_ids(user) -> set[int]:
    """Welfare areas the user curates; staff curate every area."""
    if not user.is_authenticated:
        return set()
    if user.is_staff:
        return set(WelfareArea.objects.values_list("id", flat=True))
    return set(Coordinator.objects.filter(user=user).values_list("welfare_area_id", flat=True))


def coordinator_areas(user) -> QuerySet[WelfareArea]:
    return WelfareArea.objects.filter(id__in=coordinator_area_ids(user))


def is_coordinator_of(user, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        organisation.welfare_area_id is not None
        and Coordinator.objects.filter(
            user=user, welfare_area_id=organisation.welfare_area_id
        ).exists()
    )


def membership_role(user, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def can_edit(user, organisation: Organisation) -> bool:
    return membership_role(user, organisation) is not None or is_coordinator_of(user, organisation)


def can_manage_members(user, organisation: Organisation) -> bool:
    return membership_role(user, organisation) == Membership.Role.ADMIN or is_coordinator_of(
        user, organisation
    )


def can_view(user, organisation: Organisation) -> bool:
    return organisation.is_published or can_edit(user, organisation)


def get_organisation_for_view(
    user, slug: str, *, queryset: QuerySet[Organisation] | None = None
) -> Organisation:
    """A published organisation for anyone; a draft only for those who may edit it.

    `queryset`: the columns and relations the caller needs (default: the whole row)."""
    organisations = queryset if queryset is not None else Organisation.objects.all()
    organisation = organisations.filter(slug=slug).first()
    if organisation is None or not can_view(user, organisation):
        raise Http404
    return organisation


def get_organisation_for_edit(user, slug: str) -> Organisation:
    organisation = get_organisation_for_view(user, slug)
    if not can_edit(user, organisation):
        raise PermissionDenied
    return organisation


def get_organisation_for_members(user, slug: str) -> Organisation:
    organisation = get_organisation_for_view(user, slug)
    if not can_manage_members(user, organisation):
        raise PermissionDenied
    return organisation


def get_organisation_for_coordinator(user, pk_or_slug: int | str) -> Organisation:
    """For coordinator pages: 404 outside the user's areas, so other areas are not revealed."""
    lookup = {"pk": pk_or_slug} if isinstance(pk_or_slug, int) else {"slug": pk_or_slug}
    organisation = Organisation.objects.filter(**lookup).first()
    if organisation is None or not is_coordinator_of(user, organisation):
        raise Http404
    return organisation


def require_coordinator(user) -> set[int]:
    """Area ids of a coordinator or staff member; PermissionDenied for anyone else."""
    areas = coordinator_area_ids(user)
    if not areas:
        raise PermissionDenied
    return areas
