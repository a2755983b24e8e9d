from django.contrib import admin

from .models import Reminder, ReminderSettings, Signup


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ["pk", "activity", "occurrence", "status", "created_at", "erased_at"]
    list_filter = ["status"]
    raw_id_fields = ["activity", "occurrence", "user"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["pk", "signup", "kind", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["signup", "occurrence"]


admin.site.register(ReminderSettings)
