"""Writes of the bodies app. Each runs in one transaction; views call these, never the ORM's
save() directly. Search entries are refreshed here (bodies/search.py), e-mails queued through
notifications.services.email_queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import email_queue

from . import attachments, notices
from .models import (
    OPEN_STATUSES,
    ActionItem,
    ActionReminder,
    ActionStatusChange,
    AgendaItem,
    Attachment,
    Body,
    BodyMember,
    Meeting,
    MinutesCheck,
    MinutesComment,
    MinutesRevision,
    MinutesState,
    MinutesVersion,
)
from .search import meeting_search_refresh

REMIND_DAYS_BEFORE = 7


def _locked(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.body = meeting.body
    return locked


# Bodies, members, meetings


@transaction.atomic
def body_save(*, body: Body) -> Body:
    body.save()
    return body


@transaction.atomic
def member_save(*, member: BodyMember) -> BodyMember:
    member.save()
    return member


MOVE_FIELDS = ("starts_at", "ends_at", "place", "online_url")


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Save the meeting's time and place. When a meeting whose invitation went out (its agenda
    is public) and that is still to come moves, the invitees get the updated invitation once
    per change: an .ics with the same UID and a higher SEQUENCE (`meeting.reinvited`: how many
    were e-mailed)."""
    meeting.reinvited = 0
    before = None
    if meeting.pk is not None:
        before = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if before is not None:
            before.body = meeting.body
    moved = before is not None and any(
        getattr(before, field) != getattr(meeting, field) for field in MOVE_FIELDS
    )
    now = timezone.now()
    invited = before is not None and before.agenda_published_at is not None
    if before is not None and moved and invited and max(before.starts_at, meeting.starts_at) >= now:
        meeting.sequence = before.sequence + 1
        meeting.save()
        meeting.reinvited = notices.meeting_moved(meeting, before=before)
    else:
        meeting.save()
    if meeting.is_public:
        meeting_search_refresh(meeting=meeting)
    return meeting


@transaction.atomic
def agenda_publish(*, meeting: Meeting, publish: bool = True) -> Meeting:
    """Publish (or hide) the agenda. Publishing it sends the invitation, with the meeting's
    .ics, to every current member (`meeting.invited`: how many were e-mailed)."""
    meeting = _locked(meeting)
    meeting.agenda_published_at = timezone.now() if publish else None
    meeting.save(update_fields=["agenda_published_at"])
    meeting_search_refresh(meeting=meeting)
    meeting.invited = notices.agenda_published(meeting) if publish else 0
    return meeting


@transaction.atomic
def attendance_set(
    *, meeting: Meeting, members: list[BodyMember], checkers: list[BodyMember] | None = None
) -> None:
    """The attendance, and the minutes checkers (who must have attended)."""
    meeting.attendees.set(members)
    if checkers is not None:
        present = {m.pk for m in members}
        meeting.checkers.set([m for m in checkers if m.pk in present])


# Agenda items and their minutes


def minutes_editable(meeting: Meeting) -> bool:
    """Items can be changed until the minutes are published; after that only in a correction."""
    return meeting.minutes_state != MinutesState.PUBLISHED


@transaction.atomic
def item_save(*, item: AgendaItem, user: User | None = None) -> AgendaItem:
    """Save an agenda item and its minutes. An edit while the minutes are in review is kept as
    a new revision (MinutesRevision), which the chair and those who commented see as a diff."""
    meeting = _locked(item.meeting)
    _refuse_published(meeting)
    if item.pk is None:
        item.pending = meeting.in_correction
        if not item.position:
            item.position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item.save()
    if meeting.minutes_state == MinutesState.REVIEW:
        _revision_add(meeting, user)
    # In a correction the public keeps the published version (and its entries) until approval.
    if meeting.agenda_is_public and not meeting.in_correction:
        meeting_search_refresh(meeting=meeting)
    return item


def _refuse_published(meeting: Meeting) -> None:
    if not minutes_editable(meeting):
        raise ValidationError(
            _("The minutes are published. Start a correction to change them."), code="published"
        )


@transaction.atomic
def attachment_add(
    *, item: AgendaItem, checked: attachments.CheckedFile, user: User, title: str = ""
) -> Attachment:
    """Attach a checked file. Published minutes change only in a correction, and what a
    correction adds stays private until the chair approves it."""
    meeting = _locked(item.meeting)
    _refuse_published(meeting)
    stored = attachments.store(checked)
    try:
        return Attachment.objects.create(
            item=item,
            kind=checked.kind,
            title=title,
            original_name=checked.name,
            stored_name=stored,
            size=len(checked.data),
            untagged_pdf=checked.untagged_pdf,
            pending=meeting.in_correction,
            uploaded_by=user,
        )
    except Exception:
        attachments.stored_path(stored).unlink(missing_ok=True)
        raise


@transaction.atomic
def attachment_update(
    *, attachment: Attachment, title: str, checked: attachments.CheckedFile | None, user: User
) -> Attachment:
    """Retitle an attachment, or replace its file. While the minutes are editable the row
    changes in place (a replaced file is deleted after the commit). In a correction of published
    minutes a public attachment stays as it is until the approval: the change is a new pending
    attachment, and the old one is removed on the approval. Published minutes: refused."""
    meeting = _locked(attachment.item.meeting)
    _refuse_published(meeting)
    if meeting.in_correction and not attachment.pending:
        if checked is None:  # the same file under its new title
            data = attachments.stored_path(attachment.stored_name).read_bytes()
            checked = attachments.CheckedFile(
                kind=attachment.kind,
                data=data,
                name=attachment.original_name,
                untagged_pdf=attachment.untagged_pdf,
            )
        replacement = attachment_add(item=attachment.item, checked=checked, user=user, title=title)
        Attachment.objects.filter(pk=attachment.pk).update(remove_on_approval=True)
        return replacement
    attachment.title = title
    if checked is not None:
        old = attachment.stored_name
        stored = attachments.store(checked)
        transaction.on_commit(lambda: attachments.stored_path(old).unlink(missing_ok=True))
        attachment.stored_name = stored
        attachment.kind = checked.kind
        attachment.original_name = checked.name
        attachment.size = len(checked.data)
        attachment.untagged_pdf = checked.untagged_pdf
        attachment.uploaded_by = user
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment) -> None:
    """Delete an attachment while the minutes are editable; in a correction a public one stays
    public until the approval removes it. Published minutes: refused."""
    meeting = _locked(attachment.item.meeting)
    _refuse_published(meeting)
    if meeting.in_correction and not attachment.pending:
        Attachment.objects.filter(pk=attachment.pk).update(remove_on_approval=True)
        return
    attachment_delete(attachment=attachment)


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    stored = attachment.stored_name
    attachment.delete()
    transaction.on_commit(lambda: attachments.stored_path(stored).unlink(missing_ok=True))


# The minutes workflow: draft → review → approved and published (→ a correction: draft again)


@transaction.atomic
def minutes_submit(*, meeting: Meeting, review_days: int, note: str = "") -> Meeting:
    meeting = _locked(meeting)
    if meeting.minutes_state != MinutesState.DRAFT:
        raise ValidationError(_("The minutes are not a draft."), code="state")
    if not meeting.items.exists():
        raise ValidationError(_("The minutes have no agenda items yet."), code="empty")
    if meeting.published_version and not note.strip():
        raise ValidationError(
            _("Say what the correction changes: the note is shown with the new version."),
            code="note",
        )
    meeting.minutes_state = MinutesState.REVIEW
    meeting.review_ends_at = timezone.now() + timedelta(days=review_days)
    meeting.correction_note = note.strip()
    meeting.save(update_fields=["minutes_state", "review_ends_at", "correction_note"])
    # A new review round: the checkers confirm again, and the revisions start from this text.
    meeting.checks.all().delete()
    meeting.revisions.all().delete()
    _revision_add(meeting, None)
    notices.minutes_review(meeting)
    return meeting


def _revision_add(meeting: Meeting, user: User | None) -> MinutesRevision:
    last = meeting.revisions.aggregate(last=Max("number"))["last"] or 0
    return MinutesRevision.objects.create(
        meeting=meeting,
        number=last + 1,
        snapshot=snapshot(meeting),
        made_by_name=_changer_name(user, meeting.body),
    )


REVIEW_RESTART_DAYS = 3


@transaction.atomic
def minutes_check_confirm(*, meeting: Meeting, member: BodyMember) -> MinutesCheck:
    """A minutes checker confirms the minutes in review."""
    meeting = _locked(meeting)
    if meeting.minutes_state != MinutesState.REVIEW:
        raise ValidationError(_("Only minutes in review can be confirmed."), code="state")
    if not meeting.checkers.filter(pk=member.pk).exists():
        raise ValidationError(_("You are not a checker of these minutes."), code="checker")
    check, _created = MinutesCheck.objects.get_or_create(meeting=meeting, member=member)
    return check


@transaction.atomic
def minutes_review_restart(*, meeting: Meeting, member: BodyMember) -> Meeting:
    """A member who commented asks to review the edited minutes again: the comment window is
    open at least REVIEW_RESTART_DAYS more, and their confirmation as a checker is cleared."""
    meeting = _locked(meeting)
    if meeting.minutes_state != MinutesState.REVIEW:
        raise ValidationError(_("The minutes are not in review."), code="state")
    until = timezone.now() + timedelta(days=REVIEW_RESTART_DAYS)
    if meeting.review_ends_at is None or meeting.review_ends_at < until:
        meeting.review_ends_at = until
        meeting.save(update_fields=["review_ends_at"])
    MinutesCheck.objects.filter(meeting=meeting, member=member).delete()
    return meeting


@transaction.atomic
def minutes_comment(
    *, meeting: Meeting, member: BodyMember, text: str, item: AgendaItem | None = None
) -> MinutesComment:
    meeting = _locked(meeting)
    from .access import comment_window_open

    if not comment_window_open(meeting):
        raise ValidationError(_("The time for comments has ended."), code="closed")
    comment = MinutesComment.objects.create(meeting=meeting, item=item, author=member, text=text)
    notices.minutes_commented(meeting, member, text)
    return comment


def snapshot(meeting: Meeting) -> dict:
    items = list(meeting.items.order_by("position", "id"))
    attendees = meeting.attendees.select_related("organisation").order_by("role", "name")
    return {
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "section": item.section,
                "title": item.title,
                "presenter": item.presenter,
                "proposed_decision": item.proposed_decision,
                "discussion": item.discussion,
                "decision": item.decision,
                "outcome": item.outcome,
            }
            for item in items
        ],
        "attendees": [
            {
                "name": member.name,
                "organisation": member.organisation.public_name if member.organisation else "",
                "role": member.role,
            }
            for member in attendees
        ],
    }


@transaction.atomic
def minutes_approve(*, meeting: Meeting, chair: BodyMember, user: User | None) -> MinutesVersion:
    """The chair approves the minutes in review: a new published version."""
    meeting = _locked(meeting)
    if meeting.minutes_state != MinutesState.REVIEW:
        raise ValidationError(_("Only minutes in review can be approved."), code="state")
    waiting = [m.name for m in meeting.checkers.exclude(pk__in=meeting.checks.values("member_id"))]
    if waiting:
        raise ValidationError(
            _("The minutes checkers have not confirmed the minutes yet: %(names)s.")
            % {"names": ", ".join(sorted(waiting))},
            code="checkers",
        )
    _number_sections(meeting)
    number = meeting.published_version + 1
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=number,
        snapshot=snapshot(meeting),
        note=meeting.correction_note if number > 1 else "",
        approved_by=user,
        approved_by_name=chair.name,
    )
    meeting.minutes_state = MinutesState.PUBLISHED
    meeting.published_version = number
    meeting.review_ends_at = None
    meeting.save(update_fields=["minutes_state", "published_version", "review_ends_at"])
    _publish_correction(meeting)
    meeting_search_refresh(meeting=meeting)
    notices.minutes_published(meeting, number)
    notices.actions_announce(meeting)
    return version


def _number_sections(meeting: Meeting) -> None:
    """Give the meeting's unnumbered items the next § numbers of the body's year (the year of
    the meeting, Helsinki time), in agenda order. The body's row is locked, so two approvals
    at once do not take the same numbers. Items numbered once keep their number."""
    Body.objects.select_for_update().filter(pk=meeting.body_id).first()
    tz = timezone.get_current_timezone()
    year = timezone.localtime(meeting.starts_at).year
    start = datetime(year, 1, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz)
    last = (
        AgendaItem.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        ).aggregate(last=Max("section"))["last"]
        or 0
    )
    for item in meeting.items.filter(section__isnull=True).order_by("position", "id"):
        last += 1
        item.section = last
        item.save(update_fields=["section"])


def _publish_correction(meeting: Meeting) -> None:
    """What the approved correction added becomes public; what it removed is deleted."""
    AgendaItem.objects.filter(meeting=meeting, pending=True).update(pending=False)
    ActionItem.objects.filter(item__meeting=meeting, pending=True).update(pending=False)
    Attachment.objects.filter(item__meeting=meeting, pending=True).update(pending=False)
    for attachment in Attachment.objects.filter(item__meeting=meeting, remove_on_approval=True):
        attachment_delete(attachment=attachment)


@transaction.atomic
def minutes_start_correction(*, meeting: Meeting) -> Meeting:
    """Published minutes become a draft again; the public keeps seeing the published version
    until the correction is approved as the next version."""
    meeting = _locked(meeting)
    if meeting.minutes_state != MinutesState.PUBLISHED:
        raise ValidationError(_("Only published minutes can be corrected."), code="state")
    meeting.minutes_state = MinutesState.DRAFT
    meeting.correction_note = ""
    meeting.save(update_fields=["minutes_state", "correction_note"])
    return meeting


# Action items


@transaction.atomic
def action_create(*, action: ActionItem, user: User | None) -> ActionItem:
    meeting = _locked(action.item.meeting)
    _refuse_published(meeting)
    action.pending = meeting.in_correction
    action.save()
    ActionStatusChange.objects.create(
        action=action,
        status=action.status,
        changed_by=user,
        changed_by_name=_changer_name(user, meeting.body),
    )
    return action


def _changer_name(user: User | None, body: Body) -> str:
    """The name the action's history shows: the member's name in the body, else the account's."""
    if user is None or not user.is_authenticated:
        return ""
    member = BodyMember.objects.filter(body=body, user=user).order_by("-term_start").first()
    return member.name if member else str(user)


@transaction.atomic
def action_set_status(*, action: ActionItem, status: str, note: str, user: User) -> ActionItem:
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if status == action.status and not note:
        return action
    action.status = status
    action.save(update_fields=["status"])
    body = Body.objects.get(meetings__items__actions=action)
    ActionStatusChange.objects.create(
        action=action,
        status=status,
        note=note,
        changed_by=user,
        changed_by_name=_changer_name(user, body),
    )
    return action


def _claim(action: ActionItem, kind: str) -> ActionReminder | None:
    key = f"{kind}:{action.pk}:{action.due_date.isoformat()}"
    try:
        with transaction.atomic():
            return ActionReminder.objects.create(action=action, kind=kind, key=key)
    except IntegrityError:
        return None


def action_reminders_sweep(*, today: date | None = None) -> int:
    """Remind owners of open actions due within a week, and of overdue ones. Each reminder is
    claimed by inserting its unique key (kind, action, due date) in the same transaction as its
    e-mails, so a sweep run twice, or two at once, sends it once. The number of reminders."""
    today = today or timezone.localdate()
    due = (
        ActionItem.objects.filter(
            status__in=OPEN_STATUSES,
            due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            pending=False,
        )
        .select_related(
            "item__meeting__body",
            "owner_member__user",
            "owner_member__organisation",
            "owner_organisation",
        )
        .order_by("due_date", "id")
    )
    sent = 0
    for action in due:
        kind = (
            ActionReminder.Kind.OVERDUE if action.due_date < today else ActionReminder.Kind.DUE_SOON
        )
        with transaction.atomic():
            reminder = _claim(action, kind)
            if reminder is None:
                continue
            recipients = notices.owner_recipients(action)
            for recipient in recipients:
                with translation.override(recipient.language):
                    context = notices.action_context(action, recipient) | {
                        "overdue": kind == ActionReminder.Kind.OVERDUE
                    }
                email_queue(
                    to=recipient.address,
                    template="bodies/email/action_reminder",
                    context=context,
                    language=recipient.language,
                )
            reminder.recipients = len(recipients)
            reminder.save(update_fields=["recipients"])
            sent += 1
    return sent
