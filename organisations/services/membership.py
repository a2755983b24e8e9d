"""Who works on an organisation's profile: members, invitations and requests for access.

E-mails go out after the transaction commits, rendered in the recipient's language. Accounts do
not store a language, so an e-mail uses the language of the person whose action sends it (the
inviter's for an invitation), which is the language they share with their organisation.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AccessRequest, Invitation, Membership, Organisation

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = timedelta(days=14)


class MembershipError(Exception):
    """A change to the members that the rules do not allow; str() is a translated message."""


# E-mail


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def email_send(*, template: str, to: list[str], context: dict, language: str) -> None:
    """Render organisations/email/<template>_{subject,body}.txt and _body.html and send."""
    with translation.override(language):
        context = {"SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
        subject = render_to_string(f"organisations/email/{template}_subject.txt", context)
        text = render_to_string(f"organisations/email/{template}_body.txt", context)
        html = render_to_string(f"organisations/email/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, from_email=None
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


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


def invitation_is_expired(invitation: Invitation) -> bool:
    return invitation.created_at < timezone.now() - INVITATION_VALID_FOR


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by
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
    invitation.sent_at = None
    invitation.save()
    language = _language()
    pk = invitation.pk
    transaction.on_commit(lambda: invitation_send(invitation_id=pk, language=language))
    return invitation


def invitation_send(*, invitation_id: int, language: str) -> None:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    with translation.override(language):
        url = absolute_url(reverse("manage:accept-invitation", kwargs={"token": invitation.token}))
    email_send(
        template="invitation",
        to=[invitation.email],
        language=language,
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display(),
            "url": url,
            "valid_days": INVITATION_VALID_FOR.days,
        },
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def invitation_matches_user(*, invitation: Invitation, user) -> bool:
    """Only the verified owner of the invited address may accept."""
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
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
def access_request_create(*, organisation: Organisation, user, message: str) -> AccessRequest:
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
    language = _language()
    pk = access_request.pk
    transaction.on_commit(
        lambda: access_request_notify_admins(access_request_id=pk, language=language)
    )
    return access_request


def access_request_notify_admins(*, access_request_id: int, language: str) -> None:
    access_request = AccessRequest.objects.select_related("organisation", "user").get(
        pk=access_request_id
    )
    organisation = access_request.organisation
    admins = list(
        Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        .select_related("user")
        .values_list("user__email", flat=True)
    )
    if not admins:
        logger.info("Access request %s: organisation has no admins", access_request_id)
        return
    with translation.override(language):
        url = absolute_url(reverse("manage:members", kwargs={"slug": organisation.slug}))
    email_send(
        template="access_request",
        to=admins,
        language=language,
        context={"access_request": access_request, "organisation": organisation, "url": url},
    )


@transaction.atomic
def access_request_decide(*, access_request: AccessRequest, user, approve: bool) -> AccessRequest:
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
    language = _language()
    pk = access_request.pk
    transaction.on_commit(
        lambda: access_request_notify_requester(access_request_id=pk, language=language)
    )
    return access_request


def access_request_notify_requester(*, access_request_id: int, language: str) -> None:
    access_request = AccessRequest.objects.select_related("organisation", "user").get(
        pk=access_request_id
    )
    with translation.override(language):
        url = absolute_url(reverse("manage:dashboard"))
    email_send(
        template="access_decision",
        to=[access_request.user.email],
        language=language,
        context={
            "access_request": access_request,
            "organisation": access_request.organisation,
            "approved": access_request.status == AccessRequest.Status.APPROVED,
            "url": url,
        },
    )
