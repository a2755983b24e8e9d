"""Keeping the registry fresh: a yearly "is your information still correct?" to each organisation.

The scheduled job picks the published organisations nobody has confirmed for 12 months, claims
each organisation's yearly reminder with a conditional UPDATE on freshness_reminder_sent_at (so
two workers never remind twice) and, in the same transaction, queues an e-mail to each admin
in their own language (notifications.services: each e-mail is then claimed and retried on its
own). The e-mail carries a one-click link: its signed token proves who it was for, so
confirming needs no login; the page behind it asks for a button press (POST) so that mail
scanners do not confirm.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.services import absolute_url, email_language, email_queue

from ..models import Membership, Organisation, OrganisationQuerySet
from .core import organisation_record_version

logger = logging.getLogger(__name__)

CONFIRM_SALT = "organisations.confirm"
CONFIRM_MAX_AGE = timedelta(days=60)
STALE_AFTER_MONTHS = 12
# Not again within 11 months, so a yearly reminder never arrives twice in a season.
REMIND_AGAIN_AFTER = timedelta(days=round(11 * 30.44))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=CONFIRM_SALT)


def organisation_confirm_token(*, organisation: Organisation) -> str:
    return _signer().sign(str(organisation.pk))


def organisation_from_confirm_token(*, token: str) -> Organisation | None:
    """The organisation the token was made for; None if it is forged, expired or gone."""
    try:
        pk = _signer().unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not pk.isdigit():
        return None
    return Organisation.objects.filter(pk=int(pk), merged_into__isnull=True).first()


def _not_reminded_recently(now: datetime) -> Q:
    return Q(freshness_reminder_sent_at__isnull=True) | Q(
        freshness_reminder_sent_at__lt=now - REMIND_AGAIN_AFTER
    )


def organisations_due_for_reminder() -> OrganisationQuerySet:
    now = timezone.now()
    return Organisation.objects.stale(months=STALE_AFTER_MONTHS).filter(_not_reminded_recently(now))


def organisations_send_freshness_reminders() -> int:
    """Queue each due organisation's reminder once; return how many organisations got one."""
    sent = 0
    for pk in organisations_due_for_reminder().values_list("pk", flat=True):
        with transaction.atomic():
            now = timezone.now()
            # Claim this year's reminder: only one worker's UPDATE matches.
            claimed = Organisation.objects.filter(Q(pk=pk) & _not_reminded_recently(now)).update(
                freshness_reminder_sent_at=now
            )
            if claimed == 1 and organisation_send_freshness_reminder(organisation_id=pk):
                sent += 1
    return sent


def organisation_send_freshness_reminder(*, organisation_id: int) -> bool:
    """Queue the reminder to the organisation's admins; False when it has nobody to ask."""
    organisation = Organisation.objects.get(pk=organisation_id)
    admins = [
        membership.user
        for membership in Membership.objects.filter(
            organisation=organisation, role=Membership.Role.ADMIN
        )
        .select_related("user")
        .order_by("user__email")
    ]
    recipients = [(user.email, email_language(user=user)) for user in admins]
    if not recipients and organisation.email:
        # Nobody manages the profile in the portal yet: ask the organisation's public address,
        # in the language of its account if it has one, else the registry's main language.
        with translation.override(settings.LANGUAGE_CODE):
            recipients = [(organisation.email, email_language(address=organisation.email))]
    if not recipients:
        logger.info("Organisation %s has nobody to remind", organisation_id)
        return False
    token = organisation_confirm_token(organisation=organisation)
    for address, language in recipients:
        with translation.override(language):
            confirm_url = absolute_url(reverse("manage:confirm", kwargs={"token": token}))
            edit_url = absolute_url(reverse("manage:edit", kwargs={"slug": organisation.slug}))
        email_queue(
            to=address,
            template="organisations/email/freshness_reminder",
            language=language,
            context={
                "organisation_name": organisation.public_name,
                "confirm_url": confirm_url,
                "edit_url": edit_url,
                "valid_days": CONFIRM_MAX_AGE.days,
            },
        )
    return True


@transaction.atomic
def organisation_confirm(*, organisation: Organisation, user: User | None = None) -> Organisation:
    """The organisation says its information is still correct."""
    organisation.last_confirmed_at = timezone.now()
    Organisation.objects.filter(pk=organisation.pk).update(
        last_confirmed_at=organisation.last_confirmed_at
    )
    organisation_record_version(organisation=organisation, user=user, action="confirmed")
    return organisation
