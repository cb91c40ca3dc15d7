from .services import send_referral_reminders

# Periodic work of the referral app, run by the shell's reminder task (naungan/web/tasks.py).
PERIODIC = [send_referral_reminders]
