from django.contrib import admin

from .models import Coordinator, Municipality, WelfareArea


@admin.register(WelfareArea)
class WelfareAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "slug", "region_code"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "code", "welfare_area"]
    list_filter = ["welfare_area"]
    search_fields = ["name_fi", "name_sv", "code"]


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "welfare_area", "created_at"]
    list_filter = ["welfare_area"]
    autocomplete_fields = ["user"]
