from django.urls import path

from . import pdf
from .views import manage, minutes, public, secretary

app_name = "bodies"

urlpatterns = [
    # Public
    path("", public.body_list, name="list"),
    path("archive/", public.archive, name="archive"),
    path("actions/", public.actions, name="actions"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/print/", public.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/minutes.pdf", pdf.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/calendar.ics", public.meeting_ics, name="meeting-ics"),
    path("attachments/<int:pk>/", public.attachment_download, name="attachment"),
    # Coordinators of the area
    path("new/", manage.body_create, name="body-create"),
    path("b/<slug:slug>/", public.body_detail, name="body"),
    path("b/<slug:slug>/edit/", manage.body_edit, name="body-edit"),
    path("b/<slug:slug>/members/new/", manage.member_add, name="member-add"),
    path("b/<slug:slug>/members/<int:pk>/", manage.member_edit, name="member-edit"),
    path("b/<slug:slug>/meetings/new/", manage.meeting_create, name="meeting-create"),
    # The secretary (and the area's coordinator)
    path("meetings/<int:pk>/edit/", secretary.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", secretary.attendance, name="attendance"),
    path("meetings/<int:pk>/items/new/", secretary.item_create, name="item-create"),
    path("items/<int:pk>/", secretary.item_edit, name="item-edit"),
    path("items/<int:pk>/attachments/", secretary.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/edit/", secretary.attachment_edit, name="attachment-edit"),
    path("attachments/<int:pk>/delete/", secretary.attachment_delete, name="attachment-delete"),
    path("items/<int:pk>/actions/new/", secretary.action_create, name="action-create"),
    path("actions/<int:pk>/status/", secretary.action_status, name="action-status"),
    # The minutes workflow
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/submit/", minutes.minutes_submit, name="minutes-submit"),
    path("meetings/<int:pk>/minutes/comment/", minutes.minutes_comment, name="minutes-comment"),
    path("meetings/<int:pk>/minutes/confirm/", minutes.minutes_confirm, name="minutes-confirm"),
    path("meetings/<int:pk>/minutes/restart/", minutes.minutes_restart, name="minutes-restart"),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/correct/", minutes.minutes_correct, name="minutes-correct"),
]
