"""Writes of services, referrals, rights, legal process and coordination."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .common import (  # noqa: F401
    UNKNOWN,
    NOT_ALLOWED,
    CONSENT_REQUIRED,
    GUARDIAN_REQUIRED,
    NOT_A_PARTNER,
    BAD_TRANSITION,
    REASON_REQUIRED,
    EMPTY,
    BAD_DATES,
    NOT_A_SHELTER,
    NEGATIVE,
    REFERRAL_FLOW,
    GUARDIAN_RELATIONS,
    _require_case,
    _victim,
)
from .coordination import (  # noqa: F401
    _require_city_coordination,
    meeting_record,
    action_add,
    action_done,
    agreement_record,
    agency_profile_update,
)
from .delivery import (  # noqa: F401
    service_record,
    service_update,
    shelter_admit,
    shelter_discharge,
)
from .legal import (  # noqa: F401
    legal_update,
    legal_accompany,
)
from .referrals import (  # noqa: F401
    consent_record,
    referral_send,
    ROMAN_MONTHS,
    letter_number_format,
    referral_number_letter,
    _require_agency,
    _move,
    referral_respond,
    referral_feedback,
    referral_record_service,
    send_referral_reminders,
    DEFAULT_LETTER_PATTERN,
)
from .rights import (  # noqa: F401
    rights_for,
    rights_ensure,
    rights_view,
    right_set,
    _rights_follow,
    right_update,
)
