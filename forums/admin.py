from django.contrib import admin

from .models import Comment, Consultation, Document, Forum, ModerationLog, Section


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "welfare_area", "starts_at", "is_published"]
    list_filter = ["welfare_area", "is_published"]
    search_fields = ["title_fi", "slug"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "forum", "opens_at", "closes_at", "is_published"]
    list_filter = ["is_published", "pre_moderation"]
    autocomplete_fields = ["moderators"]
    inlines = [SectionInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "consultation", "author", "channel", "status", "created_at"]
    list_filter = ["status", "channel"]
    raw_id_fields = [
        "consultation",
        "section",
        "parent",
        "author",
        "entered_by",
        "official_reply_by",
    ]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Files are added and removed on the forum's pages (checked by content, the stored file
    removed with the row); here read-only."""

    list_display = ["title", "consultation", "section", "kind", "size", "created_at"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "consultation", "action", "actor", "comment"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in ModerationLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
