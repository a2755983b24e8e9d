"""The forum's part of a person's own data download (accounts.services.user_export_data).

Registered in ForumsConfig.ready(). On account deletion the comments stay without their
author (shown as "Deleted user"); agreements, reports and sign-ups are deleted with the account.
"""

from .models import Agreement, Comment, ForumSignup, Report


def forum_participation(user) -> tuple[str, dict]:
    comments = Comment.objects.filter(author=user).select_related("consultation", "section")
    return "forums", {
        "comments": [
            {
                "consultation": c.consultation.title_fi,
                "section": c.section.title_fi,
                "text": c.body,
                "anonymous": c.is_anonymous,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments.order_by("created_at")
        ],
        "agreements": list(
            Agreement.objects.filter(user=user).values_list("comment_id", flat=True)
        ),
        "reports": [
            {"comment": r.comment_id, "reason": r.reason, "created_at": r.created_at.isoformat()}
            for r in Report.objects.filter(user=user).order_by("created_at")
        ],
        "forum_signups": [
            s.forum.title_fi for s in ForumSignup.objects.filter(user=user).select_related("forum")
        ],
    }
