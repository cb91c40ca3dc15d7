"""An appointment's place is plain text that could name a home: anonymisation and erasure redact it."""

from naungan.cases.privacy import register_free_text

from .models import Appointment

register_free_text(Appointment, ("place",))
