"""The only way views get a unit they must check rights for.

Anyone sees an active unit; an archived one is 404 except to the coordinators of its area. The
coordinators' pages (create, edit, archive, import) are for the coordinators of the unit's
welfare area with TOTP, and staff: 403 for other logged-in people (TwoFactorRequired for a
coordinator without TOTP), 404 for a unit of another area, as organisations/access.py does.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from accounts.roles import require_coordinator as require_coordinator

from .models import Unit, UnitImportJob


def get_unit_for_view(user: User | AnonymousUser, slug: str) -> Unit:
    unit = get_object_or_404(
        Unit.objects.select_related("municipality", "welfare_area", "place"), slug=slug
    )
    if not unit.is_active and not roles.is_coordinator_of_area(user, unit.welfare_area_id):
        raise Http404
    return unit


def get_unit_for_coordinator(user: User, pk: int) -> Unit:
    """404 outside the user's areas (other areas are not revealed)."""
    area_ids = require_coordinator(user)
    unit = get_object_or_404(Unit, pk=pk, welfare_area__in=area_ids)
    return unit


def get_import_job_for_coordinator(user: User, pk: int) -> UnitImportJob:
    area_ids = require_coordinator(user)
    job = get_object_or_404(UnitImportJob, pk=pk, welfare_area__in=area_ids)
    return job
