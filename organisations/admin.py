"""The registry in the Django admin, for staff. Coordinators curate on the /coordinate/ pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AccessRequest,
    ImportJob,
    Invitation,
    Membership,
    Organisation,
    OrganisationVersion,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "business_id", "welfare_area", "status", "updated_at"]
    list_filter = ["status", "welfare_area", "kind", "produces_services", "is_national"]
    search_fields = ["name", "display_name", "business_id", "register_number", "email"]
    readonly_fields = ["version", "created_at", "updated_at", "merged_into", "pending_changes"]
    autocomplete_fields = ["parent", "municipalities", "target_groups", "themes", "networks"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["welfare_area"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "sent_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "invited_by", "created_at", "sent_at", "accepted_at"]
    # The organisation first (the shared EmailInvitation's fields would otherwise lead).
    fields = ["organisation", "email", "role", *readonly_fields]
    autocomplete_fields = ["organisation"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = ["decided_by", "decided_at", "created_at"]
    autocomplete_fields = ["user", "organisation"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OrganisationVersion)
class OrganisationVersionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "action", "changed_by", "changed_at"]
    list_filter = ["action"]
    search_fields = ["organisation__name", "note"]
    list_select_related = ["organisation", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "filename",
        "welfare_area",
        "created_by",
        "created_at",
        "applied_at",
        "problem_count",
    ]
    list_filter = ["welfare_area"]
    search_fields = ["filename"]

    @admin.display(description=_("problems"))
    def problem_count(self, obj: ImportJob) -> int:
        return len(obj.problems)
