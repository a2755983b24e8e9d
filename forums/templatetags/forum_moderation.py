"""The forums' part of the coordinator's dashboard: consultations of the coordinator's areas
with comments waiting for moderation or reported (one query)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from accounts import roles
from forums.models import CommentStatus, Consultation

register = template.Library()


def consultations_needing_moderation(user) -> list[Consultation]:
    area_ids = roles.coordinator_area_ids(user)
    if not area_ids:
        return []
    return list(
        Consultation.objects.filter(forum__welfare_area__in=area_ids)
        .annotate(
            pending_count=Count(
                "comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True
            ),
            reported_count=Count(
                "comments", filter=Q(comments__reports__resolved=False), distinct=True
            ),
        )
        .filter(Q(pending_count__gt=0) | Q(reported_count__gt=0))
        .select_related("forum")
        .order_by("closes_at", "pk")
    )


@register.inclusion_tag("forums/_dashboard_moderation.html", takes_context=True)
def forum_moderation_summary(context):
    return {"consultations": consultations_needing_moderation(context["request"].user)}
