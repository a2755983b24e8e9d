"""Participation forums (osallisuusfoorumi): meetings, consultations on drafts, comments.

A Forum is one meeting of a welfare area's participation forum (time, place or online, sign-up).
A Consultation puts a draft document (e.g. an operating model) up for comments between two
times; it is split into Sections, and people comment on a section, reply in threads and mark
"I agree". Coordinators of the area moderate, enter feedback received offline, close the
consultation with a "you said, we did" summary and export the comments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lib.translation import localised_property

if TYPE_CHECKING:
    from django.forms import Form

    from bodies.decisions import PublishedDecision

# A forum's address part (forums.services.forum_create makes it unique).
FORUM_SLUG_MAX_LENGTH = 120


class Forum(models.Model):
    """One forum meeting: an event with consultations."""

    welfare_area = models.ForeignKey(
        "areas.WelfareArea", on_delete=models.PROTECT, related_name="forums"
    )
    slug = models.SlugField(max_length=FORUM_SLUG_MAX_LENGTH, unique=True)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Address or room. Empty if online only."),
    )
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Empty if the meeting is not online.")
    )
    signup_open = models.BooleanField(_("sign-up open"), default=True)
    signup_info = models.CharField(
        _("other ways to sign up"),
        max_length=300,
        blank=True,
        help_text=_("For example a phone number for those who do not sign up online."),
    )
    # Optional: the meeting place activity this forum is held as; later its sign-ups come from
    # there (meetingplaces app).
    activity = models.ForeignKey(
        "meetingplaces.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("activity in the calendar"),
        help_text=_("Optional: the same meeting as an activity of a meeting place."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return self.title

    title = localised_property()
    description = localised_property()

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()


class ForumSignup(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_signups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="forums_signup_once"),
        ]


class Consultation(models.Model):
    """A draft document open for comments between `opens_at` and `closes_at`."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="consultations")
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    opens_at = models.DateTimeField(_("open for comments from"))
    closes_at = models.DateTimeField(_("open for comments until"))
    pre_moderation = models.BooleanField(
        _("check comments before they are shown"),
        default=False,
        help_text=_("A moderator approves each comment before others see it."),
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_consultations",
        verbose_name=_("named moderators"),
        help_text=_("Besides the area's coordinators. They need two-factor authentication."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Closing: "you said, we did".
    closed_at = models.DateTimeField(null=True, blank=True)
    summary_fi = models.TextField(_("summary in Finnish"), blank=True)
    summary_sv = models.TextField(_("summary in Swedish"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    # Claimed once with a conditional UPDATE: participants are told once.
    participants_notified_at = models.DateTimeField(null=True, blank=True)
    # When moderators were last e-mailed about comments waiting or reported; claimed with a
    # conditional UPDATE so that they get at most one e-mail an hour, whichever process asks.
    moderators_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: the named moderators' ids, read once per instance by forums.access.
    _named_moderator_ids: set[int] | None

    class Meta:
        ordering = ["opens_at", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    title = localised_property()
    intro = localised_property()
    summary = localised_property()

    @property
    def welfare_area_id(self) -> int:
        return self.forum.welfare_area_id

    def state(self, now=None) -> str:
        """ "upcoming", "open" or "closed"."""
        now = now or timezone.now()
        if self.closed_at is not None or now >= self.closes_at:
            return "closed"
        if now < self.opens_at:
            return "upcoming"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state() == "open"


class OutcomeLink(models.Model):
    """A link from a closed consultation to the decision or minutes it led to: either a decision
    of a body's published minutes (`decision`, an agenda item of bodies) or an external address
    (`title` + `url`). A decision link keeps a frozen `title` (body, date, item) so that the
    text stays readable if the agenda item is ever deleted (the link then has neither)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="outcome_links"
    )
    decision = models.ForeignKey(
        "bodies.AgendaItem",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_links",
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)
    order = models.PositiveIntegerField(default=0)

    # Not a column: the decision's published minutes, or None when they are no longer public,
    # set by the consultation page (forums.views.public._outcome_links).
    published: PublishedDecision | None

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            # A decision, or a text (with its address, checked in clean(); a decision link whose
            # agenda item was deleted keeps only its text).
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | ~Q(title=""),
                name="forums_outcomelink_decision_or_title",
            ),
            # Never both: a decision link's address is the minutes page's.
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(url=""),
                name="forums_outcomelink_decision_xor_url",
            ),
        ]

    def clean(self):
        super().clean()
        if self.decision_id is None and not (self.title and self.url):
            raise ValidationError(_("Choose a decision, or give a link text and an address."))
        if self.decision_id is not None and self.url:
            raise ValidationError(_("A link is either a decision or an address, not both."))


class Section(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_fi = models.TextField(_("text in Finnish"), blank=True)
    body_sv = models.TextField(_("text in Swedish"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)

    # Not columns: what the consultation page shows of the section, set by
    # forums.views.public._consultation_context for its templates.
    document_list: list[Document]
    threads: list[Comment]
    pk_text: str
    form: Form | None

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    title = localised_property()
    body = localised_property()


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")
    PHONE = "phone", _("By phone")
    MEETING = "meeting", _("At a meeting")
    EMAIL = "email", _("By e-mail")


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    # Replies hang off a top-level comment (one level of threads).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # Null when the account was deleted (shown as "deleted user") or for offline feedback.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_comments",
    )
    author_deleted = models.BooleanField(default=False)
    is_anonymous = models.BooleanField(
        _("show my comment without my name"),
        default=False,
        help_text=_("Moderators still know who wrote it."),
    )
    body = models.TextField(_("comment"))
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    # Feedback entered by a coordinator on someone's behalf.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offline_name = models.CharField(_("name"), max_length=100, blank=True)
    offline_name_public = models.BooleanField(default=False)
    offline_contact = models.CharField(_("phone or address"), max_length=200, blank=True)
    offline_email = models.EmailField(_("e-mail for the summary"), blank=True)
    # The day the paper, call or message came in (offline feedback only).
    received_on = models.DateField(_("received on"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by_reports = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # A moderator decided on it (hid or restored it): reports no longer hide it on their own.
    # Approval in pre-moderation does not set it.
    moderator_checked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The welfare area's official reply, shown under the comment; the commenter is told once
    # (official_reply_notified_at claimed with a conditional UPDATE).
    official_reply = models.TextField(_("official reply"), blank=True)
    official_reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    official_reply_at = models.DateTimeField(null=True, blank=True)
    official_reply_notified_at = models.DateTimeField(null=True, blank=True)

    # Not a column: how the author is shown (forums.views.common._public_name), set by the
    # moderators' pages on the comments they list, for their templates.
    public_name: str
    # Not columns: what the consultation page's templates print of each comment, made once per
    # page by forums.views.public._consultation_context (its counts are annotated).
    is_own: bool
    thread_replies: list[Comment]
    pk_text: str
    agree_url: str
    report_url: str
    official_reply_url: str
    can_reply: bool
    can_agree: bool
    reply_form: Form | None

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="forums_comment_status"),
            models.Index(fields=["section", "created_at"], name="forums_comment_section"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_offline(self) -> bool:
        return self.channel != Channel.ONLINE


class Agreement(models.Model):
    """ "I agree": one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="agreements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_agreements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="forums_agree_once"),
        ]


class Report(models.Model):
    """A reader's report of a comment: one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reports"
    )
    reason = models.CharField(_("why (optional)"), max_length=300, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="forums_report_once"),
        ]


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        REPORT = "report", _("Reported")
        AUTO_HIDE = "auto_hide", _("Hidden after reports")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        APPROVE = "approve", _("Approved")
        OFFLINE = "offline", _("Feedback entered on someone's behalf")
        CLOSE = "close", _("Closed with a summary")
        OFFICIAL_REPLY = "reply", _("Official reply")
        DOCUMENT = "document", _("Draft document added or removed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="moderation_log"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPG = "jpg", "JPEG"


class Document(models.Model):
    """The draft document itself (a PDF or images), of a whole consultation or of one section,
    for people to read beside the sections. Checked by content (bodies.attachments), stored
    outside MEDIA_ROOT under a generated name and served only through the access-checked
    download view (whoever may read the consultation)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    # Null: the whole consultation's document.
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("section"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(max_length=4, choices=DocumentKind.choices)
    original_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=100, unique=True)
    size = models.PositiveIntegerField()
    untagged_pdf = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind in (DocumentKind.PNG, DocumentKind.JPG)
