from django.urls import path

from . import pdf, views

app_name = "bodies"

urlpatterns = [
    # Public
    path("", views.body_list, name="list"),
    path("archive/", views.archive, name="archive"),
    path("actions/", views.actions, name="actions"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/minutes.pdf", pdf.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting-ics"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Coordinators of the area
    path("new/", views.body_create, name="body-create"),
    path("b/<slug:slug>/", views.body_detail, name="body"),
    path("b/<slug:slug>/edit/", views.body_edit, name="body-edit"),
    path("b/<slug:slug>/members/new/", views.member_add, name="member-add"),
    path("b/<slug:slug>/members/<int:pk>/", views.member_edit, name="member-edit"),
    path("b/<slug:slug>/meetings/new/", views.meeting_create, name="meeting-create"),
    # The secretary (and the area's coordinator)
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/edit/", views.attachment_edit, name="attachment-edit"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
    path("items/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    # The minutes workflow
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/submit/", views.minutes_submit, name="minutes-submit"),
    path("meetings/<int:pk>/minutes/comment/", views.minutes_comment, name="minutes-comment"),
    path("meetings/<int:pk>/minutes/confirm/", views.minutes_confirm, name="minutes-confirm"),
    path("meetings/<int:pk>/minutes/restart/", views.minutes_restart, name="minutes-restart"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/correct/", views.minutes_correct, name="minutes-correct"),
]
