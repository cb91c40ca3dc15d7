"""Signals other apps listen to, so cases need not import them (Web Push listens to `notified`)."""

from django.dispatch import Signal

# Sent by `services.notify` for a notice that may reach a phone: kwargs user, kind, ref, url.
notified = Signal()

# Sent by every write that can change what a case is counted by (its persons, incident, forms,
# status, clocks, and the services, referrals and rights hanging off it), inside the writing
# transaction: kwargs case_ids. The maintained aggregates (stats) listen; a deleted case is sent
# too and then counts for nothing.
case_changed = Signal()


def cases_changed(*cases) -> None:
    """The one hook for writers: pass cases or case ids."""
    ids = [getattr(c, "pk", c) for c in cases]
    case_changed.send(sender=None, case_ids=[i for i in ids if i is not None])
