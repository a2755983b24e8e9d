"""The only way the data source pages get what they must check rights for.

A welfare area's coordinators (with TOTP) and staff keep the area's data sources and their
keys: 403 for other logged-in people (TwoFactorRequired for a coordinator without TOTP), 404 for
a data source of another area. An organisation's grants are its members page's: its admins, the
area's coordinators and staff (organisations/access.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import roles
from accounts.models import User
from organisations.access import get_organisation_for_members
from organisations.models import Organisation

from .models import ApiKey, DataSource, SourceGrant


def require_coordinator(user: User) -> set[int]:
    """Area ids of a coordinator or staff member; PermissionDenied for anyone else."""
    areas = roles.coordinator_area_ids(user)
    if not areas:
        roles.refuse(user, otherwise=PermissionDenied(), any_area=True)
    return areas


def get_source_for_coordinator(user: User, pk: int) -> DataSource:
    area_ids = require_coordinator(user)
    source = (
        DataSource.objects.select_related("welfare_area")
        .filter(pk=pk, welfare_area__in=area_ids)
        .first()
    )
    if source is None:
        raise Http404
    return source


def get_key_for_coordinator(user: User, pk: int, key_pk: int) -> ApiKey:
    source = get_source_for_coordinator(user, pk)
    key = ApiKey.objects.filter(pk=key_pk, source=source).select_related("source").first()
    if key is None:
        raise Http404
    return key


def get_organisation_for_grants(user: User, slug: str) -> Organisation:
    return get_organisation_for_members(user, slug)


def get_source_for_grant(organisation: Organisation, pk: int) -> DataSource:
    """A data source of the organisation's welfare area (others are not offered)."""
    source = DataSource.objects.filter(pk=pk, welfare_area_id=organisation.welfare_area_id).first()
    if source is None:
        raise Http404
    return source


def get_grant_for_revoke(organisation: Organisation, pk: int) -> SourceGrant:
    grant = SourceGrant.objects.filter(
        pk=pk, organisation=organisation, revoked_at__isnull=True
    ).first()
    if grant is None:
        raise Http404
    return grant
