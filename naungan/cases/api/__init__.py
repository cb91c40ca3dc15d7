"""JSON API of cases: the same services and selectors as the pages, so the same scope (404),
validation and audit. Searches by NIK, phone or name are POSTed, never put in a URL."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .actions import (  # noqa: F401
    TransitionIn,
    TriageIn,
    AssignIn,
    ClosureIn,
    ReopenIn,
    _action,
    _user_by_id,
    _do_transition,
    _do_triage,
    _do_assign,
    _do_request_closure,
    _do_approve_closure,
    _do_reopen,
    _do_first_response,
)
from .cases import (  # noqa: F401
    CaseIn,
    CaseUpdateIn,
    CaseSummaryOut,
    CaseDetailOut,
    CaseListView,
    _paged,
    SearchIn,
    CaseSearchView,
    CaseDetailView,
)
from .common import (  # noqa: F401
    SEALED,
    _update_data,
    _conflict,
)
from .duplicates import (  # noqa: F401
    DuplicatesIn,
    DuplicateOut,
    DuplicatesView,
)
from .persons import (  # noqa: F401
    PersonIn,
    PersonUpdateIn,
    PersonOut,
    person_out,
    PersonListView,
    PersonDetailView,
)
from .records import (  # noqa: F401
    NoteIn,
    EventOut,
    NoteListView,
    AttachmentIn,
    AttachmentOut,
    AttachmentListView,
    AttachmentDownloadView,
)
from .urls import (  # noqa: F401
    urlpatterns,
)
