from django.contrib import admin

from . import services
from .models import Activity, MeetingPlace, Occurrence


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "municipality", "status"]
    list_filter = ["welfare_area", "kind", "status"]
    search_fields = ["name_fi", "street_address"]

    # A deleted place's photos leave the disk with it (after the commit).
    def delete_model(self, request, obj) -> None:
        self.delete_queryset(request, MeetingPlace.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset) -> None:
        services.places_delete(queryset)


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
