from django.contrib import admin

from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only: what was queued, in which language, and whether and when it went."""

    list_display = ["to", "channel", "template", "language", "created_at", "sent_at", "attempts"]
    list_filter = ["channel", "template", "language"]
    search_fields = ["to"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
