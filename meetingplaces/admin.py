from django.contrib import admin

from .models import Activity, MeetingPlace, Occurrence


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "municipality", "status"]
    list_filter = ["welfare_area", "kind", "status"]
    search_fields = ["name_fi", "street_address"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "organisation", "kind", "status"]
    list_filter = ["welfare_area", "kind", "status"]
    search_fields = ["title_fi"]
    raw_id_fields = ["organisation", "place"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["activity", "starts_at", "status"]
    raw_id_fields = ["activity", "place"]
