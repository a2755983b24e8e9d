"""The open data page's list of welfare areas with published data to export (HSDS)."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef

from areas.models import WelfareArea
from organisations.models import Organisation

register = template.Library()


@register.simple_tag
def export_areas() -> list[WelfareArea]:
    """The welfare areas that have published organisations, by name (one query)."""
    published = Organisation.objects.published().filter(welfare_area=OuterRef("pk"))
    return list(WelfareArea.objects.filter(Exists(published)).order_by("name_fi"))
