"""Participation forums: public pages under /forums/, coordinators' under /forums/manage/."""

from django.urls import path

from .views import export, manage, moderation, public

app_name = "forums"

urlpatterns = [
    path("", public.forum_list, name="list"),
    path("manage/", manage.manage, name="manage"),
    path("manage/new/", manage.forum_create, name="forum_create"),
    path("manage/<slug:slug>/edit/", manage.forum_edit, name="forum_edit"),
    path(
        "manage/<slug:slug>/consultations/new/",
        manage.consultation_create,
        name="consultation_create",
    ),
    path("manage/consultation/<int:pk>/edit/", manage.consultation_edit, name="consultation_edit"),
    path("manage/consultation/<int:pk>/sections/", manage.sections, name="sections"),
    path("manage/section/<int:pk>/edit/", manage.section_edit, name="section_edit"),
    path("manage/consultation/<int:pk>/offline/", manage.offline_entry, name="offline_entry"),
    path("manage/consultation/<int:pk>/moderation/", moderation.moderation, name="moderation"),
    path("manage/comment/<int:pk>/moderate/", moderation.moderate, name="moderate"),
    path("manage/comment/<int:pk>/reply/", moderation.official_reply, name="official_reply"),
    path("manage/consultation/<int:pk>/documents/", manage.documents, name="documents"),
    path("manage/document/<int:pk>/delete/", manage.document_delete, name="document_delete"),
    path("manage/consultation/<int:pk>/close/", manage.close, name="close"),
    path(
        "manage/consultation/<int:pk>/export.<fmt>",
        export.export,
        name="export",
    ),
    path("consultation/<int:pk>/", public.consultation_detail, name="consultation"),
    path("consultation/<int:pk>/comment/", public.comment_create, name="comment"),
    path("consultation/document/<int:pk>/", public.document, name="document"),
    path("comment/<int:pk>/agree/", public.comment_agree, name="agree"),
    path("comment/<int:pk>/report/", public.comment_report, name="report"),
    path("<slug:slug>/", public.forum_detail, name="forum"),
    path("<slug:slug>/signup/", public.forum_signup, name="signup"),
]
