"""Who may read the knowledge pages: the coordinators of the welfare area (and staff), with
two-factor authentication (accounts/roles.py). Everyone else gets 403 (a role without TOTP: the
set-up), an unknown area 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from areas.models import WelfareArea


def get_area_for_knowledge(user: User, slug: str) -> WelfareArea:
    area = get_object_or_404(WelfareArea, slug=slug)
    if not roles.is_coordinator_of_area(user, area.pk):
        roles.refuse(user, otherwise=PermissionDenied(), area_id=area.pk)
    return area


def knowledge_area_ids(user: User) -> set[int]:
    """The areas whose knowledge page the user may read; PermissionDenied when none."""
    area_ids = roles.coordinator_area_ids(user)
    if not area_ids:
        roles.refuse(user, otherwise=PermissionDenied(), any_area=True)
    return area_ids
