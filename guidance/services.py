"""Guidance's writes: shortlists and their hand-overs, professionals' invitations, contact
requests and their erasure. Messages go through the notifications outbox (after the commit),
each in its recipient's language; none names an activity in its subject or first lines
(a peer group can reveal health), and a request's message names no activity at all.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Municipality
from meetingplaces.models import Activity
from notifications.models import OutgoingEmail
from notifications.services import absolute_url, email_language, email_queue
from organisations.models import Membership, Organisation
from organisations.services.membership import (
    INVITATION_VALID_FOR,
    invitation_is_expired,
    invitation_matches_user,
)
from taxonomy.models import Term

from . import items as shortlist_items
from . import units as unit_info
from .models import (
    CLOSED_STATUSES,
    ContactRequest,
    Handover,
    ItemKind,
    Professional,
    ProfessionalInvitation,
    RequestRead,
    RequestStatus,
    SharedList,
    Shortlist,
    ShortlistItem,
)

if TYPE_CHECKING:
    from units.models import Unit

logger = logging.getLogger(__name__)

SHARED_LIST_VALID_FOR = timedelta(days=30)
MAX_ITEMS = 30
# The version of the consent text shown on the hand-off forms (templates/guidance/_consent.html);
# change it whenever that text changes.
CONSENT_VERSION = "2026-12-05"
# A message queued to an address typed once that never went out is emptied after this long.
UNSENT_ADDRESS_KEPT = timedelta(days=2)


class GuidanceError(Exception):
    """Something the rules do not allow; str() is a translated message for the page."""


# --- Shortlists ------------------------------------------------------------------------------


def shortlist_for(user: User, unit_ids: set[int]) -> Shortlist:
    """The professional's current list (created on first use, for their first unit)."""
    shortlist, _created = Shortlist.objects.get_or_create(
        owner=user, defaults={"unit_id": min(unit_ids) if unit_ids else None}
    )
    if shortlist.unit_id not in unit_ids and unit_ids:
        shortlist.unit_id = min(unit_ids)
        shortlist.save(update_fields=["unit", "updated_at"])
    return shortlist


def shortlist_pairs(shortlist: Shortlist) -> list[tuple[str, int]]:
    return list(shortlist.items.values_list("kind", "object_id"))


def shortlist_add(*, shortlist: Shortlist, kind: str, object_id: int) -> bool:
    """Add a public activity, place or organisation; False when it was there already."""
    if kind not in ItemKind.values or not shortlist_items.is_public(kind, object_id):
        raise GuidanceError(_("This is no longer available."))
    if shortlist.items.count() >= MAX_ITEMS:
        raise GuidanceError(_("The list is full. Hand it over or remove something first."))
    _item, created = ShortlistItem.objects.get_or_create(
        shortlist=shortlist, kind=kind, object_id=object_id
    )
    if created:
        Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
    return created


def shortlist_remove(*, shortlist: Shortlist, kind: str, object_id: int) -> None:
    ShortlistItem.objects.filter(shortlist=shortlist, kind=kind, object_id=object_id).delete()


def shortlist_clear(*, shortlist: Shortlist) -> None:
    """Start a new list for the next person: items and note go."""
    shortlist.items.all().delete()
    shortlist.note = ""
    shortlist.save(update_fields=["note", "updated_at"])


def handover_record(*, shortlist: Shortlist, channel: str) -> Handover:
    return Handover.objects.create(
        unit_id=shortlist.unit_id, channel=channel, items=shortlist.items.count()
    )


def _token() -> str:
    return secrets.token_urlsafe(8)  # 11 characters, 64 bits


@transaction.atomic
def shared_list_create(*, shortlist: Shortlist, channel: str = Handover.Channel.LINK) -> SharedList:
    """A read-only copy behind a short link, for 30 days."""
    pairs = shortlist_pairs(shortlist)
    if not pairs:
        raise GuidanceError(_("The list is empty. Add something from the search first."))
    now = timezone.now()
    shared = SharedList.objects.create(
        token=_token(),
        items=[list(pair) for pair in pairs],
        note=shortlist.note,
        language=shortlist.language,
        created_at=now,
        expires_at=now + SHARED_LIST_VALID_FOR,
    )
    handover_record(shortlist=shortlist, channel=channel)
    return shared


def shared_list_get(token: str) -> SharedList | None:
    return SharedList.objects.filter(token=token, expires_at__gt=timezone.now()).first()


@transaction.atomic
def shortlist_send(*, shortlist: Shortlist, channel: str, address: str) -> SharedList:
    """E-mail or text the list's short link to an address typed once: the outbox sends it and
    empties the address (`forget_recipient`); nothing else keeps it."""
    if channel not in (Handover.Channel.EMAIL, Handover.Channel.SMS):
        raise GuidanceError(_("Choose e-mail or text message."))
    shared = shared_list_create(shortlist=shortlist, channel=channel)
    language = shortlist.language
    resolved = shortlist_items.resolve([tuple(p) for p in shared.items], language)
    context = {
        "url": shortlist_items.shared_url(shared.token),
        "valid_days": SHARED_LIST_VALID_FOR.days,
        # Titles of what is not sensitive, after the neutral first lines; a sensitive one is
        # only counted ("and 1 more on the list").
        "titles": [item.title for item in resolved if not item.sensitive],
        "more": sum(1 for item in resolved if item.sensitive),
    }
    email_queue(
        channel=channel,  # the outbox's channels have the same values, "email" and "sms"
        to=address,
        template=f"guidance/{channel}/shortlist",
        context=context,
        language=language,
        forget_recipient=True,
    )
    return shared


def shared_lists_delete_expired(now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _rows = SharedList.objects.filter(expires_at__lte=now).delete()
    return deleted


# --- Professionals ---------------------------------------------------------------------------


@transaction.atomic
def professional_invite(*, unit: Unit, email: str, invited_by: User) -> ProfessionalInvitation:
    """Invite a welfare-area employee to work as a professional of the unit (inviting the same
    address again renews the invitation), e-mailed in the invitee's language."""
    email = email.strip().lower()
    invitation = (
        ProfessionalInvitation.objects.select_for_update()
        .filter(unit=unit, email__iexact=email, accepted_at__isnull=True)
        .first()
    ) or ProfessionalInvitation(unit=unit, email=email)
    invitation.invited_by = invited_by
    invitation.token = secrets.token_urlsafe(32)
    invitation.created_at = timezone.now()
    invitation.save()
    language = email_language(address=email)
    with translation.override(language):
        url = absolute_url(
            reverse("guidance:accept-invitation", kwargs={"token": invitation.token})
        )
        unit_name = unit_info.name(unit)
    email_queue(
        to=email,
        template="guidance/email/invitation",
        language=language,
        context={
            "unit_name": unit_name,
            "inviter": str(invited_by) if invited_by else "",
            "url": url,
            "valid_days": INVITATION_VALID_FOR.days,
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: ProfessionalInvitation, user: User) -> Professional:
    invitation = ProfessionalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise GuidanceError(_("This invitation has already been used."))
    if invitation_is_expired(invitation):
        raise GuidanceError(_("This invitation has expired. Ask the coordinator for a new one."))
    if not invitation_matches_user(invitation=invitation, user=user):
        raise GuidanceError(
            _("This invitation was sent to another email address. Log in with the account "
              "of %(email)s, or add and verify that address in your account.")
            % {"email": invitation.email}
        )  # fmt: skip
    professional, _created = Professional.objects.get_or_create(
        user=user, unit=invitation.unit, defaults={"invited_by": invitation.invited_by}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return professional


def professional_remove(*, professional: Professional) -> None:
    professional.delete()


# --- Contact requests ------------------------------------------------------------------------


def organisation_contacts(organisation: Organisation) -> list[tuple[str, str]]:
    """Who hears of a request to the association: its administrators (each in their language),
    else its editors, else its public address. [(address, language)]"""
    for role in (Membership.Role.ADMIN, Membership.Role.EDITOR):
        members = [
            m.user
            for m in Membership.objects.filter(organisation=organisation, role=role).select_related(
                "user"
            )
        ]
        if members:
            return [(user.email, email_language(user=user)) for user in members]
    if organisation.email:
        return [(organisation.email, email_language(address=organisation.email))]
    return []


def _notify(
    *, to: list[tuple[str, str]], request: ContactRequest, url_name: str, **kwargs: object
) -> None:
    """The neutral message: a new request, and where to open it; no activity, no person."""
    for address, language in to:
        with translation.override(language):
            url = absolute_url(reverse(url_name, kwargs=kwargs))
            receiver = (
                request.organisation.public_name
                if request.direction == ContactRequest.Direction.TO_ORGANISATION
                else unit_info.name(request.unit)
            )
        email_queue(
            to=address,
            template="guidance/email/request",
            language=language,
            context={"receiver": receiver, "url": url},
        )


def _theme_of(activity: Activity | None, organisation: Organisation) -> Term | None:
    if activity is not None:
        theme = activity.themes.order_by("pk").first()
        if theme is not None:
            return theme
    return organisation.themes.order_by("pk").first()


@transaction.atomic
def request_to_organisation(
    *,
    unit_id: int,
    organisation: Organisation,
    activity: Activity | None,
    sent_by: User,
    data: dict,
) -> ContactRequest:
    """A professional's hand-off to an association, with the person's consent."""
    from units.models import Unit

    unit = Unit.objects.get(pk=unit_id)
    request = ContactRequest.objects.create(
        direction=ContactRequest.Direction.TO_ORGANISATION,
        unit=unit,
        organisation=organisation,
        activity=activity,
        theme=_theme_of(activity, organisation),
        municipality_id=unit_info.municipality_id(unit),
        sent_by=sent_by,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        **data,
    )
    _notify(
        to=organisation_contacts(organisation),
        request=request,
        url_name="guidance:request",
        pk=request.pk,
    )
    return request


@transaction.atomic
def request_to_unit(
    *,
    unit: Unit,
    organisation: Organisation,
    theme: Term | None,
    municipality: Municipality | None,
    sent_by: User,
    data: dict,
) -> ContactRequest:
    """An association volunteer's request to a unit's collaboration contact, with consent."""
    request = ContactRequest.objects.create(
        direction=ContactRequest.Direction.TO_UNIT,
        unit=unit,
        organisation=organisation,
        theme=theme,
        municipality=municipality,
        sent_by=sent_by,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        **data,
    )
    contact = unit_info.contact_address(unit)
    if contact:
        _notify(to=[contact], request=request, url_name="guidance:request", pk=request.pk)
    else:
        logger.info("Contact request %s: the unit has no collaboration contact", request.pk)
    return request


def request_read(*, request: ContactRequest, user: User) -> None:
    """Log that the user opened the request's personal data (every read)."""
    RequestRead.objects.create(request=request, user=user)
    logger.info("Contact request %s read by user %s", request.pk, user.pk)


PERSONAL_FIELDS = {"first_name": "", "phone": "", "email": "", "message": ""}


@transaction.atomic
def request_set_status(*, request: ContactRequest, status: str) -> ContactRequest:
    if status not in RequestStatus.values or status == RequestStatus.NEW:
        raise GuidanceError(_("Choose what happened."))
    request = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_closed:
        raise GuidanceError(_("This request is closed already."))
    request.status = status
    request.status_changed_at = timezone.now()
    request.save(update_fields=["status", "status_changed_at"])
    if status in CLOSED_STATUSES:
        requests_erase(ids=[request.pk])
    return request


def requests_erase(*, now: datetime | None = None, ids: list[int] | None = None) -> int:
    """Empty the personal data of closed requests and of those older than the retention (60
    days); the rows stay for the figures. Also empties addresses typed once whose message never
    went out. Idempotent: a second run changes nothing."""
    now = now or timezone.now()
    due = ContactRequest.objects.to_erase(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    erased = due.update(erased_at=now, **PERSONAL_FIELDS)
    if ids is None:
        OutgoingEmail.objects.filter(
            forget_recipient=True, created_at__lt=now - UNSENT_ADDRESS_KEPT
        ).exclude(to="").update(to="")
    return erased


# --- The account's own data (accounts.services' export) --------------------------------------


def user_guidance_export(user: User) -> tuple[str, dict]:
    """A professional's units, their current list and the requests they sent (status only:
    the person's data belongs to the person and is erased on its own schedule)."""
    shortlist = Shortlist.objects.filter(owner=user).first()
    return "guidance", {
        "units": [
            {"unit": str(p.unit), "since": p.created_at.isoformat()}
            for p in Professional.objects.filter(user=user).select_related("unit")
        ],
        "shortlist": {
            "note": shortlist.note,
            "language": shortlist.language,
            "items": [list(pair) for pair in shortlist_pairs(shortlist)],
        }
        if shortlist
        else None,
        "requests_sent": [
            {
                "direction": r.direction,
                "unit": str(r.unit),
                "organisation": r.organisation.public_name,
                "status": r.status,
                "sent_at": r.created_at.isoformat(),
            }
            for r in ContactRequest.objects.filter(sent_by=user).select_related(
                "unit", "organisation"
            )
        ],
    }
