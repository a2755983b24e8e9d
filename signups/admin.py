from django.contrib import admin

from .models import Reminder, ReminderSettings, Signup


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ["pk", "activity", "occurrence", "status", "created_at", "erased_at"]
    list_filter = ["status"]
    raw_id_fields = ["activity", "occurrence", "user"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Staff only: the detailed error of a failed reminder (the server's answer, which may name
    the address) is shown here and nowhere else; organisers see "delivery failed"."""

    list_display = ["pk", "signup", "kind", "due_at", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["signup", "occurrence"]
    readonly_fields = ["last_error"]


admin.site.register(ReminderSettings)
