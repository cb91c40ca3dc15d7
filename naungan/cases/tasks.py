from .services import send_overdue_reminders

# Periodic work of the case app, run by the shell's reminder task (naungan/web/tasks.py).
PERIODIC = [send_overdue_reminders]
