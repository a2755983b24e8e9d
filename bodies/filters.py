"""The filters of the bodies' list pages (django-filter): the open actions by body and by owner."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from . import access
from .models import ActionItem


class ActionFilter(django_filters.FilterSet):
    """`?body=<slug>` keeps one body's actions; `?mine=1` those the signed-in person owns as a
    current member of a body (ignored for a visitor)."""

    body = django_filters.CharFilter(field_name="item__meeting__body__slug")
    mine = django_filters.CharFilter(method="filter_mine")

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_mine(
        self, queryset: QuerySet[ActionItem], name: str, value: str
    ) -> QuerySet[ActionItem]:
        user = self.request.user if self.request is not None else None
        if value != "1" or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(owner_member__in=access.current_member_ids(user))
