"""The forum's writes: comments, agreements, reports, moderation, offline feedback, closing.

Every function runs in one transaction; e-mails are queued in it (notifications.services) and
sent after the commit. Every moderation step writes a ModerationLog row.

comments.py: what participants write (comments, agreements, reports) and offline feedback;
moderation.py: telling the moderators, their decisions and the official replies;
consultations.py: new forums, draft documents, closing with a summary; common.py: what they share.
"""

from .comments import (
    REPORTS_TO_HIDE,
    AgreementRefused,
    ConsultationClosed,
    agreement_toggle,
    comment_create,
    offline_comment_create,
    report_create,
)
from .consultations import (
    RESERVED_SLUGS,
    LinkData,
    consultation_close,
    consultation_links_by_decision,
    document_add,
    document_delete,
    forum_create,
    participant_addresses,
)
from .moderation import (
    MODERATORS_NOTIFY_EVERY,
    comment_approve,
    comment_hide,
    comment_official_reply,
    comment_restore,
    moderation_counts,
    moderator_recipients,
    moderators_notify,
)

__all__ = [
    "MODERATORS_NOTIFY_EVERY",
    "REPORTS_TO_HIDE",
    "RESERVED_SLUGS",
    "AgreementRefused",
    "ConsultationClosed",
    "LinkData",
    "agreement_toggle",
    "comment_approve",
    "comment_create",
    "comment_hide",
    "comment_official_reply",
    "comment_restore",
    "consultation_close",
    "consultation_links_by_decision",
    "document_add",
    "document_delete",
    "forum_create",
    "moderation_counts",
    "moderator_recipients",
    "moderators_notify",
    "offline_comment_create",
    "participant_addresses",
    "report_create",
]
