"""Participation forums: public pages under /forums/, coordinators' under /forums/manage/."""

from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_list, name="list"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.forum_create, name="forum_create"),
    path("manage/<slug:slug>/edit/", views.forum_edit, name="forum_edit"),
    path(
        "manage/<slug:slug>/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path("manage/consultation/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("manage/consultation/<int:pk>/sections/", views.sections, name="sections"),
    path("manage/section/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("manage/consultation/<int:pk>/offline/", views.offline_entry, name="offline_entry"),
    path("manage/consultation/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("manage/comment/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("manage/comment/<int:pk>/reply/", views.official_reply, name="official_reply"),
    path("manage/consultation/<int:pk>/documents/", views.documents, name="documents"),
    path("manage/document/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("manage/consultation/<int:pk>/close/", views.close, name="close"),
    path(
        "manage/consultation/<int:pk>/export.<fmt>",
        views.export,
        name="export",
    ),
    path("consultation/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultation/<int:pk>/comment/", views.comment_create, name="comment"),
    path("consultation/document/<int:pk>/", views.document, name="document"),
    path("comment/<int:pk>/agree/", views.comment_agree, name="agree"),
    path("comment/<int:pk>/report/", views.comment_report, name="report"),
    path("<slug:slug>/", views.forum_detail, name="forum"),
    path("<slug:slug>/signup/", views.forum_signup, name="signup"),
]
