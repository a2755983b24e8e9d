"""The only way views get an object of the registry they must check rights for.

Personas: anonymous and residents see published organisations; members (admin, editor) edit
their own; a coordinator curates the organisations of their own welfare area; staff anything.
Rights from a coordinator or staff role need two-factor authentication (accounts.roles): a
coordinator without TOTP has a resident's rights, and a getter that their role would pass raises
TwoFactorRequired (a PermissionDenied that accounts.middleware turns into the TOTP set-up).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from accounts.roles import require_coordinator as require_coordinator

from .models import (
    AccessRequest,
    ImportJob,
    Invitation,
    Membership,
    Organisation,
    OrganisationVersion,
)

# Coordinator rights, for the registry's views: the one predicate lives in accounts.roles.
coordinator_area_ids = roles.coordinator_area_ids


def is_coordinator_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """May curate this organisation now: staff, or the coordinator of its area, with TOTP."""
    return roles.is_coordinator_of_area(user, organisation.welfare_area_id)


def membership_role(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def can_edit(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return membership_role(user, organisation) is not None or is_coordinator_of(user, organisation)


def can_manage_members(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return membership_role(user, organisation) == Membership.Role.ADMIN or is_coordinator_of(
        user, organisation
    )


def can_view(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return organisation.is_published or can_edit(user, organisation)


def _refuse(user: User | AnonymousUser, organisation: Organisation, otherwise: Exception) -> None:
    """Refuse, or send a coordinator of the organisation's area to set up TOTP first."""
    roles.refuse(user, otherwise=otherwise, area_id=organisation.welfare_area_id)


# Organisations


def get_organisation_for_view(
    user: User | AnonymousUser,
    slug: str,
    *,
    queryset: QuerySet[Organisation] | None = None,
    ask_for_totp: bool = True,
) -> Organisation:
    """A published organisation for anyone; a draft only for those who may edit it.

    `queryset`: the columns and relations the caller needs (default: the whole row).
    `ask_for_totp`: send a coordinator without TOTP to set it up; the public page answers 404
    instead, as it does to residents."""
    organisations = queryset if queryset is not None else Organisation.objects.all()
    organisation = get_object_or_404(organisations, slug=slug)
    if not can_view(user, organisation):
        if not ask_for_totp:
            raise Http404
        _refuse(user, organisation, Http404())
    return organisation


def get_organisation_for_edit(user: User, slug: str) -> Organisation:
    organisation = get_organisation_for_view(user, slug)
    if not can_edit(user, organisation):
        _refuse(user, organisation, PermissionDenied())
    return organisation


def get_organisation_for_members(user: User, slug: str) -> Organisation:
    organisation = get_organisation_for_view(user, slug)
    if not can_manage_members(user, organisation):
        _refuse(user, organisation, PermissionDenied())
    return organisation


def get_organisation_for_coordinator(user: User, pk_or_slug: int | str) -> Organisation:
    """For coordinator pages: 403 for those who curate no area, 404 outside the user's areas
    (so other areas are not revealed)."""
    if not roles.roles(user).active:
        roles.refuse(user, otherwise=PermissionDenied(), any_area=True)
    lookup = {"pk": pk_or_slug} if isinstance(pk_or_slug, int) else {"slug": pk_or_slug}
    organisation = get_object_or_404(Organisation, **lookup)
    if not is_coordinator_of(user, organisation):
        _refuse(user, organisation, Http404())
    return organisation


# What hangs off an organisation: members, invitations, requests for access, import jobs


def get_membership_for_members(user: User, slug: str, pk: int) -> Membership:
    """A membership of an organisation whose members the user manages."""
    organisation = get_organisation_for_members(user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    membership.organisation = organisation
    return membership


def get_invitation_for_members(user: User, slug: str, pk: int) -> Invitation:
    """An invitation of an organisation whose members the user manages."""
    organisation = get_organisation_for_members(user, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    invitation.organisation = organisation
    return invitation


def get_invitation_by_token(token: str) -> Invitation:
    """Whoever holds the link may open the invitation; accepting it checks the address."""
    return get_object_or_404(Invitation.objects.select_related("organisation"), token=token)


def get_access_request_for_decision(user: User, pk: int) -> AccessRequest:
    """A request for access that the user may approve or decline: admins, the area's
    coordinator and staff; 404 for a request that does not exist, 403 for anyone else."""
    access_request = get_object_or_404(
        AccessRequest.objects.select_related("organisation", "user"), pk=pk
    )
    if not can_manage_members(user, access_request.organisation):
        _refuse(user, access_request.organisation, PermissionDenied())
    return access_request


def get_version_for_coordinator(user: User, pk: int, version_pk: int) -> OrganisationVersion:
    """A saved version of an organisation the user curates (history, restore)."""
    organisation = get_organisation_for_coordinator(user, pk)
    version = get_object_or_404(
        OrganisationVersion.objects, pk=version_pk, organisation=organisation
    )
    version.organisation = organisation
    return version


def get_import_job_for_coordinator(user: User, pk: int) -> ImportJob:
    """An import job of one of the user's areas: 404 outside them, like organisations."""
    area_ids = require_coordinator(user)
    return get_object_or_404(ImportJob, pk=pk, welfare_area__in=area_ids)
