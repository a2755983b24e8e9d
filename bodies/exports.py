"""The bodies' part of a person's data download (accounts.services.user_export_data).

Registered in BodiesConfig.ready(). When the account is deleted, the member rows stay without
the account (BodyMember.user is set to NULL): membership of a body and what was said in minutes
are part of the body's public record, under the name the secretary entered."""

from .models import BodyMember, MinutesComment


def body_roles(user) -> tuple[str, dict]:
    members = BodyMember.objects.filter(user=user).select_related("body", "organisation")
    comments = MinutesComment.objects.filter(author__user=user).select_related("meeting")
    return "bodies", {
        "memberships": [
            {
                "body": m.body.name_fi,
                "name": m.name,
                "organisation": m.organisation.name if m.organisation else None,
                "role": m.role,
                "term_start": m.term_start.isoformat(),
                "term_end": m.term_end.isoformat() if m.term_end else None,
            }
            for m in members
        ],
        "minutes_comments": [
            {
                "meeting": c.meeting_id,
                "text": c.text,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments
        ],
    }
