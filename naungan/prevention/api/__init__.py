"""JSON API of prevention work (outreach events, Forum Anak, PATBM / community groups, vulnerable
families and their visits, Perkasa), so outreach data can be entered from a phone or another
system. The same services and selectors as the pages: the same scope (404 outside it), validation
and audit. Lists are read by cursor (no COUNT over the whole scope); edits carry the `version` the
editor saw and answer 409 with both values when someone saved first. Family heads' and Perkasa
members' identities are shown only to those who may see them (`identity_visible`), and opening
them is audited."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .common import (  # noqa: F401
    NO_CITY,
    MASK,
    _page,
    _city_for_create,
    _conflict,
    _get,
    _patch,
)
from .events import (  # noqa: F401
    PreventionEventIn,
    PreventionEventUpdateIn,
    PreventionEventOut,
    _event_qs,
    EventListView,
    EventDetailView,
)
from .families import (  # noqa: F401
    PreventionFamilyIn,
    PreventionFamilyUpdateIn,
    PreventionFamilyOut,
    PreventionVisitOut,
    PreventionFamilyDetailOut,
    PreventionVisitIn,
    _family_out,
    _family_qs,
    _family_detail,
    FamilyListView,
    FamilyDetailView,
    FamilyVisitView,
)
from .forums import (  # noqa: F401
    PreventionForumIn,
    PreventionForumUpdateIn,
    PreventionForumMemberOut,
    PreventionActivityOut,
    PreventionForumOut,
    PreventionForumDetailOut,
    PreventionForumMemberIn,
    PreventionActivityIn,
    _forum_detail,
    ForumListView,
    ForumDetailView,
    ForumMemberView,
    ForumActivityView,
)
from .groups import (  # noqa: F401
    PreventionGroupIn,
    PreventionGroupUpdateIn,
    PreventionGroupOut,
    PreventionGroupDetailOut,
    _group_detail,
    GroupListView,
    GroupDetailView,
    GroupActivityView,
)
from .perkasa import (  # noqa: F401
    PreventionPerkasaIn,
    PreventionPerkasaUpdateIn,
    PreventionProgrammeOut,
    PreventionPerkasaOut,
    PreventionProgrammeIn,
    _perkasa_out,
    _perkasa_qs,
    _perkasa_detail,
    PerkasaListView,
    PerkasaDetailView,
    PerkasaProgrammeView,
)
from .urls import (  # noqa: F401
    urlpatterns,
)
