from celery import shared_task


@shared_task
def send_action_reminders() -> int:
    """Celery beat, daily: remind owners of actions due in a week and of overdue ones."""
    from .services import action_reminders_sweep

    return action_reminders_sweep()
