"""The shared vocabulary in the Django admin, for staff."""

from django.contrib import admin

from .models import Network, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "slug", "yso_id"]
    list_filter = ["kind"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "welfare_area"]
    list_filter = ["kind", "welfare_area"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]
