"""The registry's part of a person's own data download (accounts.services.user_export_data).

Registered in OrganisationsConfig.ready()."""

from .models import AccessRequest, Invitation, Membership


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
