"""Writes of services, referrals, rights, legal process and coordination."""

from .common import (  # noqa: F401
    BAD_DATES,
    BAD_TRANSITION,
    CONSENT_REQUIRED,
    EMPTY,
    GUARDIAN_RELATIONS,
    GUARDIAN_REQUIRED,
    NEGATIVE,
    NOT_A_PARTNER,
    NOT_A_SHELTER,
    NOT_ALLOWED,
    REASON_REQUIRED,
    REFERRAL_FLOW,
    UNKNOWN,
    _require_case,
    _victim,
)
from .coordination import (  # noqa: F401
    _require_city_coordination,
    action_add,
    action_done,
    agency_profile_update,
    agreement_record,
    meeting_record,
)
from .delivery import (  # noqa: F401
    service_record,
    service_update,
    shelter_admit,
    shelter_discharge,
)
from .legal import (  # noqa: F401
    legal_accompany,
    legal_update,
)
from .referrals import (  # noqa: F401
    DEFAULT_LETTER_PATTERN,
    ROMAN_MONTHS,
    _move,
    _require_agency,
    consent_record,
    letter_number_format,
    referral_feedback,
    referral_number_letter,
    referral_record_service,
    referral_respond,
    referral_send,
    send_referral_reminders,
)
from .rights import (  # noqa: F401
    _rights_follow,
    right_set,
    right_update,
    rights_ensure,
    rights_for,
    rights_view,
)
