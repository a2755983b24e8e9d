"""The secretary's pages: a meeting's agenda, attendance, attachments and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import access, services
from ..forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttachmentEditForm,
    AttachmentForm,
    AttendanceForm,
    MeetingForm,
    MinutesItemForm,
)
from ..models import ActionItem, AgendaItem
from .common import _form_page


@login_required
def meeting_edit(request, pk):
    meeting = access.get_meeting_for_organiser(request.user, pk)
    if request.method == "POST" and request.POST.get("action") in ("publish", "unpublish"):
        publish = request.POST["action"] == "publish"
        meeting = services.agenda_publish(meeting=meeting, publish=publish)
        if publish:
            messages.success(
                request,
                ngettext(
                    "The agenda is public. The invitation was e-mailed to %(count)d member.",
                    "The agenda is public. The invitation was e-mailed to %(count)d members.",
                    meeting.invited,
                )
                % {"count": meeting.invited},
            )
        else:
            messages.success(request, _("The agenda is no longer public."))
        return redirect("bodies:meeting", pk=meeting.pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        if meeting.reinvited:
            messages.success(
                request,
                ngettext(
                    "The meeting was saved. The updated invitation was e-mailed to %(count)d "
                    "member.",
                    "The meeting was saved. The updated invitation was e-mailed to %(count)d "
                    "members.",
                    meeting.reinvited,
                )
                % {"count": meeting.reinvited},
            )
        else:
            messages.success(request, _("The meeting was saved."))
        return redirect("bodies:meeting", pk=meeting.pk)
    return render(
        request,
        "bodies/meeting_form.html",
        _form_page(form, _("Edit the meeting"), meeting.body, meeting),
    )


@login_required
def attendance(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    form = AttendanceForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "attendees": list(meeting.attendees.values_list("pk", flat=True)),
            "checkers": list(meeting.checkers.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.attendance_set(
            meeting=meeting,
            members=list(form.cleaned_data["attendees"]),
            checkers=list(form.cleaned_data["checkers"]),
        )
        messages.success(request, _("The attendance was saved."))
        return redirect("bodies:minutes", pk=meeting.pk)
    return render(
        request, "bodies/form.html", _form_page(form, _("Attendance"), meeting.body, meeting)
    )


def _item_forms(request, item: AgendaItem):
    data = request.POST if request.method == "POST" else None
    agenda = AgendaItemForm(data, instance=item, prefix="agenda")
    minutes = MinutesItemForm(data, instance=item, prefix="minutes") if item.pk else None
    return agenda, minutes


def _save_item(request, item: AgendaItem, agenda, minutes):
    valid = agenda.is_valid() and (minutes is None or minutes.is_valid())
    if not valid:
        return None
    agenda.save(commit=False)
    if minutes is not None:
        minutes.save(commit=False)
    try:
        return services.item_save(item=item, user=request.user)
    except ValidationError as error:
        agenda.add_error(None, error)
        return None


@login_required
def item_create(request, pk):
    meeting = access.get_meeting_for_secretary(request.user, pk)
    item = AgendaItem(meeting=meeting, position=meeting.items.count() + 1)
    return _item_page(request, item, saved=_("The agenda item was added."))


@login_required
def item_edit(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    return _item_page(request, item, saved=_("The agenda item was saved."))


def _item_page(request, item: AgendaItem, *, saved: str):
    """An agenda item's form: a new item (`item` not saved yet) or an edit, which also shows
    the item's minutes, attachments and actions; saved, the item's edit page follows with the
    `saved` message."""
    new = item.pk is None
    meeting = item.meeting
    agenda, minutes = _item_forms(request, item)
    if request.method == "POST" and _save_item(request, item, agenda, minutes):
        messages.success(request, saved)
        return redirect("bodies:item-edit", pk=item.pk)
    context = {
        "agenda": agenda,
        "minutes": minutes,
        "meeting": meeting,
        "body": meeting.body,
        "item": None if new else item,
    }
    if not new:
        context |= {
            "editable": services.minutes_editable(meeting),
            "attachments": item.attachments.all(),
            "actions": item.actions.select_related("owner_member", "owner_organisation"),
            "upload_form": AttachmentForm(),
        }
    return render(request, "bodies/item_form.html", context)


@login_required
def attachment_upload(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["file"]
        try:
            services.attachment_add(
                item=item, checked=checked, user=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _attachment_page(request, item, form, status=400)
        messages.success(request, _("The attachment was added."))
        if checked.untagged_pdf:
            messages.warning(
                request,
                _(
                    "The PDF has no accessibility tags, so screen reader users may not be able "
                    "to read it. If you can, save it again from the original program as a "
                    "tagged (accessible) PDF and attach that instead."
                ),
            )
        return redirect("bodies:item-edit", pk=item.pk)
    return _attachment_page(request, item, form)


@login_required
def attachment_edit(request, pk):
    """Retitle an attachment or replace its file (the secretary, while the minutes can change)."""
    attachment = access.get_attachment_for_secretary(request.user, pk)
    item = attachment.item
    form = AttachmentEditForm(
        request.POST or None, request.FILES or None, initial={"title": attachment.title}
    )
    return _item_form_page(
        request,
        form,
        item,
        save=lambda: services.attachment_update(
            attachment=attachment,
            title=form.cleaned_data["title"],
            checked=form.cleaned_data["file"],
            user=request.user,
        ),
        saved=_("The attachment was saved."),
        title=_("Edit the attachment: %(name)s") % {"name": attachment.label},
        multipart=True,
    )


@login_required
def attachment_delete(request, pk):
    """A confirmation page, then the deletion (POST)."""
    attachment = access.get_attachment_for_secretary(request.user, pk)
    item = attachment.item
    error = ""
    if request.method == "POST":
        try:
            services.attachment_remove(attachment=attachment)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("The attachment was deleted."))
            return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/attachment_delete.html",
        {
            "attachment": attachment,
            "item": item,
            "meeting": item.meeting,
            "body": item.meeting.body,
            "error": error,
        },
        status=400 if error else 200,
    )


def _attachment_page(request, item, form, status=200):
    return render(
        request,
        "bodies/form.html",
        _form_page(form, _("Add an attachment"), item.meeting.body, item.meeting, multipart=True),
        status=status,
    )


@login_required
def action_create(request, pk):
    item = access.get_item_for_secretary(request.user, pk)
    form = ActionForm(request.POST or None, instance=ActionItem(item=item), body=item.meeting.body)
    return _item_form_page(
        request,
        form,
        item,
        save=lambda: services.action_create(action=form.save(commit=False), user=request.user),
        saved=_("The action was added."),
        title=_("New action"),
    )


def _item_form_page(
    request, form, item: AgendaItem, *, save, saved: str, title: str, multipart: bool = False
):
    """A form of an agenda item's (an attachment, an action): a valid form is written by
    `save` (a service; a ValidationError it raises is shown on the form with status 400), then
    the item's page follows with the `saved` message."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, saved)
            return redirect("bodies:item-edit", pk=item.pk)
    return render(
        request,
        "bodies/form.html",
        _form_page(form, title, item.meeting.body, item.meeting, multipart=multipart),
        status=status,
    )


@login_required
def action_status(request, pk):
    action = access.get_action_for_update(request.user, pk)
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        services.action_set_status(
            action=action,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, _("The status was saved."))
        return redirect("bodies:meeting", pk=action.item.meeting.pk)
    history = action.history.all()
    return render(
        request,
        "bodies/action_status.html",
        {
            "form": form,
            "action": action,
            "history": history,
            "meeting": action.item.meeting,
            "body": action.item.meeting.body,
        },
    )
