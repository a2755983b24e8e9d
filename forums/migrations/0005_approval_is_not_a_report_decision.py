"""Approval in pre-moderation used to set `moderator_checked`, which stopped three reports from
hiding the comment. Only a decision on the comment itself (hide or restore) sets it now: clear it
on comments a moderator only approved."""

from django.db import migrations


def clear_flag_of_approved_only(apps, schema_editor):
    Comment = apps.get_model("forums", "Comment")
    ModerationLog = apps.get_model("forums", "ModerationLog")
    decided = ModerationLog.objects.filter(action__in=["hide", "restore"]).values("comment_id")
    approved = ModerationLog.objects.filter(action="approve").values("comment_id")
    Comment.objects.filter(moderator_checked=True, pk__in=approved).exclude(
        pk__in=decided
    ).update(moderator_checked=False)


class Migration(migrations.Migration):
    dependencies = [("forums", "0004_documents_received_on_official_reply")]

    operations = [migrations.RunPython(clear_flag_of_approved_only, migrations.RunPython.noop)]
