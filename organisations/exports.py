"""The registry's part of a person's own account: their data download
(accounts.services.user_export_data) and what stops the account's deletion (user_delete).

Registered in OrganisationsConfig.ready()."""

from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import DeletionBlocker

from .models import AccessRequest, Invitation, Membership, Organisation


def organisation_roles(user) -> tuple[str, dict]:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    requests = AccessRequest.objects.filter(user=user).select_related("organisation")
    invitations = Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
    return "organisations", {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in memberships
        ],
        "access_requests": [
            {
                "organisation": r.organisation.name,
                "message": r.message,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in requests
        ],
        "invitations_to_me": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in invitations
        ],
    }


def sole_administrator(user) -> list[DeletionBlocker]:
    """The only administrator of an organisation cannot delete their account: the organisation
    would be left with nobody to keep its information current (as when leaving it)."""
    own = Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, organisation__merged_into__isnull=True
    ).values("organisation_id")
    # Lock the admins' rows, as membership_remove does, so two admins cannot both leave at once.
    counts = Counter(
        Membership.objects.filter(organisation_id__in=own, role=Membership.Role.ADMIN)
        .select_for_update()
        .values_list("organisation_id", flat=True)
    )
    alone = [pk for pk, admins in counts.items() if admins == 1]
    if not alone:
        return []
    organisations = Organisation.objects.filter(pk__in=alone).order_by("name")
    names = ", ".join(o.public_name for o in organisations)
    message = _(
        "You are the only administrator of %(organisations)s. Before deleting your account, "
        "hand the organisation over: on its members page, make another member an "
        "administrator (or invite one by e-mail and wait until they accept)."
    ) % {"organisations": names}
    links = [
        (
            _("Members of %(name)s") % {"name": o.public_name},
            reverse("manage:members", kwargs={"slug": o.slug}),
        )
        for o in organisations
    ]
    return [DeletionBlocker(message=message, links=links)]
