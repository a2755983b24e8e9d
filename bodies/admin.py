"""The bodies in the Django admin, for staff. Coordinators and secretaries use /bodies/."""

from django.contrib import admin

from .models import ActionItem, ActionReminder, Body, BodyMember, Meeting, MinutesVersion


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "welfare_area"]
    list_filter = ["kind", "welfare_area"]
    search_fields = ["name_fi", "name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name_fi"]}
    inlines = [BodyMemberInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "starts_at", "minutes_state", "published_version"]
    list_filter = ["minutes_state", "body"]
    date_hierarchy = "starts_at"
    # The workflow's state is changed through bodies.services only.
    readonly_fields = ["minutes_state", "published_version", "review_ends_at"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "published_at", "approved_by_name"]

    def has_change_permission(self, request, obj=None):
        return False  # published versions never change


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "due_date"]
    list_filter = ["status"]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "recipients", "created_at"]
