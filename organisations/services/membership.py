"""Who works on an organisation's profile: members, invitations and requests for access.

E-mails are queued with notifications.services inside the transaction and go out after it
commits, each in its recipient's stored language; an invited address without an account gets
the inviter's language (stored with the e-mail).
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import absolute_url, email_language, email_queue

from ..models import AccessRequest, EmailInvitation, Invitation, Membership, Organisation

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = timedelta(days=14)


class MembershipError(Exception):
    """A change to the members that the rules do not allow; str() is a translated message."""


# E-mail


def _organisation_email(
    *, to: str, language: str, template: str, organisation: Organisation, **context: object
) -> None:
    email_queue(
        to=to,
        template=f"organisations/email/{template}",
        language=language,
        context={"organisation_name": organisation.public_name, **context},
    )


# Members


def _admin_count(organisation: Organisation) -> int:
    # Lock the admins' rows so two people cannot remove the last two admins at once.
    return len(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise MembershipError(_("Choose a role."))
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and _admin_count(membership.organisation) <= 1
    ):
        raise MembershipError(
            _("The organisation needs at least one administrator. Make someone else an "
              "administrator first.")
        )  # fmt: skip
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise MembershipError(
            _("The last administrator cannot be removed. Make someone else an administrator "
              "first.")
        )  # fmt: skip
    membership.delete()


# Invitations


def invitation_is_expired(invitation: EmailInvitation) -> bool:
    return invitation.created_at < timezone.now() - INVITATION_VALID_FOR


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    """Invite someone by email; inviting the same address again renews the invitation."""
    email = email.strip().lower()
    invitation = (
        Invitation.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.token = secrets.token_urlsafe(32)
    invitation.created_at = timezone.now()
    invitation.sent_at = invitation.created_at  # queued: it goes out when the transaction commits
    invitation.save()
    language = email_language(address=email)
    with translation.override(language):
        url = absolute_url(reverse("manage:accept-invitation", kwargs={"token": invitation.token}))
        role_label = str(invitation.get_role_display())
    _organisation_email(
        to=invitation.email,
        language=language,
        template="invitation",
        organisation=organisation,
        inviter=str(invited_by) if invited_by else "",
        role=role_label,
        url=url,
        valid_days=INVITATION_VALID_FOR.days,
    )
    return invitation


def invitation_matches_user(*, invitation: EmailInvitation, user: User) -> bool:
    """Only the verified owner of the invited address may accept."""
    return bool(
        EmailAddress.objects.filter(
            user=user, email__iexact=invitation.email, verified=True
        ).exists()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise MembershipError(_("This invitation has already been used."))
    if invitation_is_expired(invitation):
        raise MembershipError(_("This invitation has expired. Ask the organisation for a new one."))
    if not invitation_matches_user(invitation=invitation, user=user):
        raise MembershipError(
            _("This invitation was sent to another email address. Log in with the account "
              "of %(email)s, or add and verify that address in your account.")
            % {"email": invitation.email}
        )  # fmt: skip
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.ADMIN:
        membership.role = Membership.Role.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    AccessRequest.objects.filter(
        organisation=invitation.organisation, user=user, status=AccessRequest.Status.PENDING
    ).update(status=AccessRequest.Status.APPROVED, decided_at=timezone.now())
    return membership


def invitation_cancel(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


# Requests for access


@transaction.atomic
def access_request_create(*, organisation: Organisation, user: User, message: str) -> AccessRequest:
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise MembershipError(_("You are already a member of this organisation."))
    existing = AccessRequest.objects.filter(
        organisation=organisation, user=user, status=AccessRequest.Status.PENDING
    ).first()
    if existing is not None:
        return existing
    access_request = AccessRequest.objects.create(
        organisation=organisation, user=user, message=message.strip()
    )
    admins = Membership.objects.filter(
        organisation=organisation, role=Membership.Role.ADMIN
    ).select_related("user")
    for membership in admins:
        language = email_language(user=membership.user)
        with translation.override(language):
            url = absolute_url(reverse("manage:members", kwargs={"slug": organisation.slug}))
        _organisation_email(
            to=membership.user.email,
            language=language,
            template="access_request",
            organisation=organisation,
            requester_email=user.email,
            request_message=access_request.message,
            url=url,
        )
    if not admins:
        logger.info("Access request %s: organisation has no admins", access_request.pk)
    return access_request


@transaction.atomic
def access_request_decide(
    *, access_request: AccessRequest, user: User, approve: bool
) -> AccessRequest:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise MembershipError(_("This request has already been decided."))
    access_request.status = (
        AccessRequest.Status.APPROVED if approve else AccessRequest.Status.DECLINED
    )
    access_request.decided_by = user
    access_request.decided_at = timezone.now()
    access_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        Membership.objects.get_or_create(
            organisation=access_request.organisation,
            user=access_request.user,
            defaults={"role": Membership.Role.EDITOR},
        )
    requester = access_request.user
    language = email_language(user=requester)
    with translation.override(language):
        url = absolute_url(reverse("manage:dashboard"))
    _organisation_email(
        to=requester.email,
        language=language,
        template="access_decision",
        organisation=access_request.organisation,
        approved=access_request.status == AccessRequest.Status.APPROVED,
        url=url,
    )
    return access_request
