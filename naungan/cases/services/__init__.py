"""Writes of cases. Each is keyword-only, atomic, validates first and writes its audit event in
the same transaction. Messages shown to users are the constants in `common`.
The package is split by sub-domain; every name stays importable from `naungan.cases.services`."""

from .care_plan import (  # noqa: F401
    assessment_save,
    plan_goal_add,
    plan_task_add,
    plan_task_add_with_goal,
    plan_task_update,
)
from .common import (  # noqa: F401
    ALREADY_CLOSED,
    BAD_ASSIGNEE,
    BAD_SATGAS,
    CANNOT_REGISTER,
    CLOSE_VIA_APPROVAL,
    CLOSURE_NOT_REQUESTED,
    CLOSURE_REASON_REQUIRED,
    CONFLICT,
    EMPTY_NOTE,
    FIELD_LABELS,
    FILE_TOO_BIG,
    FILE_TYPE,
    ILLEGAL_TRANSITION,
    KELURAHAN_OUTSIDE,
    NEED_VICTIM,
    NIK_BIRTH_MISMATCH,
    NIK_INVALID,
    NIK_REGION_UNKNOWN,
    NIK_SEX_MISMATCH,
    NOT_ALLOWED,
    NOT_CLOSED,
    ONLY_SUPERVISOR_APPROVES,
    REOPEN_REASON_REQUIRED,
    TASK_STATUS_LABELS,
    TPKS_NO_SETTLEMENT,
    TRIAGE_FIRST,
    UNKNOWN_VALUE,
    WRITE_GUARDS,
    _as_date,
    _bump,
    _check,
    _event,
    _id_label,
    _require_manage,
    _require_visible,
    age_band_of,
    age_on,
    notify,
    write_guard,
    write_refusal,
)
from .intake import (  # noqa: F401
    CASE_EDITABLE,
    _next_number,
    _registering_membership,
    case_register,
    case_update,
)
from .persons import (  # noqa: F401
    PERSON_FIELDS,
    SEALED_PERSON_FIELDS,
    _apply_person,
    _index_person,
    _person_summary,
    _refresh_child_flag,
    person_add,
    person_token_rows,
    person_update,
)
from .records import (  # noqa: F401
    attachment_add,
    attachment_open,
    case_note_add,
    sniff_type,
)
from .reminders import (  # noqa: F401
    notifications_mark_read,
    send_overdue_reminders,
)
from .triage import (  # noqa: F401
    case_assign,
    case_record_response,
    case_triage,
)
from .workflow import (  # noqa: F401
    SETTLED_OUT_OF_COURT,
    TRANSITIONS,
    case_approve_closure,
    case_reject_closure,
    case_reopen,
    case_request_closure,
    case_transition,
    closure_refusal,
    tpks_settlement_refused,
)
