"""What a person can do with their own account: take their data with them, or delete it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import User

# Other apps register functions that add their part of a user's data to the export:
# each takes the user and returns (key, JSON-serialisable value).
Exporter = Callable[[User], tuple[str, object]]
EXPORTERS: list[Exporter] = []


def register_exporter(func: Exporter) -> Exporter:
    EXPORTERS.append(func)
    return func


@dataclass(frozen=True)
class DeletionBlocker:
    """Why an account cannot be deleted yet, and where to put it right (translated)."""

    message: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, URL)


class AccountDeletionRefused(Exception):
    def __init__(self, blockers: list[DeletionBlocker]):
        super().__init__("; ".join(b.message for b in blockers))
        self.blockers = blockers


# Other apps register checks that refuse a deletion which would leave their data without a
# responsible person (the last administrator of an organisation). Each takes the user and
# returns a list of DeletionBlocker; it runs inside the deletion's transaction.
DELETION_CHECKS: list[Callable[[User], list[DeletionBlocker]]] = []


def register_deletion_check(
    func: Callable[[User], list[DeletionBlocker]],
) -> Callable[[User], list[DeletionBlocker]]:
    DELETION_CHECKS.append(func)
    return func


@transaction.atomic  # the checks may lock rows, until the deletion's transaction ends
def user_deletion_blockers(*, user: User) -> list[DeletionBlocker]:
    return [blocker for check in DELETION_CHECKS for blocker in check(user)]


def user_export_data(*, user: User) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    data: dict = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "sessions": [
            {
                "ip": s.ip,
                "user_agent": s.user_agent,
                "created_at": s.created_at.isoformat(),
                "last_seen_at": s.last_seen_at.isoformat() if s.last_seen_at else None,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "coordinator_roles": [
            {"welfare_area": c.welfare_area.slug, "since": c.created_at.isoformat()}
            for c in user.coordinator_roles.select_related("welfare_area")
        ],
    }
    for exporter in EXPORTERS:
        key, value = exporter(user)
        data[key] = value
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and everything that is only about this person.

    Raises AccountDeletionRefused, deleting nothing, while another app's check objects (e.g. the
    person is the only administrator of an organisation)."""
    from allauth.usersessions.models import UserSession

    blockers = user_deletion_blockers(user=user)
    if blockers:
        raise AccountDeletionRefused(blockers)

    for session in UserSession.objects.filter(user=user):
        session.end()
    user.delete()
