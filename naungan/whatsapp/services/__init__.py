"""The WhatsApp channel: webhook deliveries in, a short guided dialogue in Bahasa Indonesia, the
report filed through the portal's own service (`reporting.services.report_submit`), replies and
staff messages out through the worker with retries.

The dialogue asks who the reporter is, where (kelurahan by name, matched loosely over the city's
kelurahan), what happened and whether someone is in danger now, then answers with the tracking
code and PIN. "BAHAYA" (or "DARURAT") at any point answers at once with the emergency numbers and
marks the report urgent; once the kelurahan is known an urgent report is filed without waiting for
the rest. The reporter's number is sealed and found only through its blind index; nothing here
logs a number or a message text."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .common import (  # noqa: F401
    GREETING,
    ASK_WHO,
    WHO_AGAIN,
    ASK_WHERE,
    ASK_WHERE_URGENT,
    WHERE_PICK,
    WHERE_UNKNOWN,
    WHERE_OK,
    ASK_WHAT,
    ASK_DANGER,
    DANGER_AGAIN,
    LOCATION_NOTED,
    MEDIA_REFUSED,
    FILED,
    FILED_URGENT,
    INFO_ADDED,
    STATUS_IS,
    EMERGENCY,
    EMERGENCY_UPTD,
    STAFF_MESSAGE,
    SORRY,
    NO_STORY,
    EMERGENCY_WORDS,
    YES,
    NO,
    RESTART_AFTER_HOURS,
    STATUS_TEXT,
)
from .conversations import (  # noqa: F401
    _e164,
    phone_index,
    phone_indexes,
    _conversation,
    _answers,
    _save,
    _text_of,
    _fold,
    match_kelurahan,
)
from .dialogue import (  # noqa: F401
    inbound_handle,
    Dialogue,
)
from .outbound import (  # noqa: F401
    outbound_queue,
    outbound_deliver,
    _max_attempts,
    status_update,
    staff_message_forward,
)
from .webhook import (  # noqa: F401
    signature_valid,
    handshake_valid,
    webhook_deliver,
)
