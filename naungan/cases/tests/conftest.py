import pytest

from naungan.cases.tests.factories import VICTIM, CaseFactory


@pytest.fixture
def make_case(pasuruan):
    """A Pasuruan case (CaseFactory) by `actor` (the case manager), in kelurahan number `kel_index`."""
    def _make(actor=None, kel_index=0, persons=None, **kw):
        kw.setdefault("kelurahan_code", pasuruan.kelurahan[kel_index].code)
        return CaseFactory(actor=actor or pasuruan.users["case_manager"], persons=persons or [dict(VICTIM)], **kw)

    return _make
