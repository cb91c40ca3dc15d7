"""core.formfields: the fields the hand-written pages read their posts with."""

from datetime import date

import pytest
from django import forms
from django.http import QueryDict
from django.utils import timezone

from naungan.core.actions import form_error
from naungan.core.dates import BAD_DATE
from naungan.core.formfields import BAD_NUMBER, INT_MAX, DayField, IdField, IdsField, NumberField, TextField, TextsField


class Sample(forms.Form):
    day = DayField()
    on = DayField(today=True)
    count = NumberField(floor=0)
    year = NumberField(empty=None)
    pk = IdField()
    pks = IdsField()
    text = TextField(cut=5)
    kind = TextField(default="patbm")
    codes = TextsField()


def clean(**data) -> dict:
    qd = QueryDict(mutable=True)
    for k, v in data.items():
        qd.setlist(k, v if isinstance(v, list) else [v])
    form = Sample(qd)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_an_empty_post_reads_as_the_pages_always_read_it():
    d = clean()
    assert d == {"day": None, "on": timezone.localdate(), "count": 0, "year": None, "pk": None, "pks": [], "text": "", "kind": "patbm", "codes": []}


def test_values_are_read():
    d = clean(day="2026-02-03", count="-4", year="2012", pk="12", pks=["3", "x", "4"], text="  abcdefg", kind="", codes=["a", "b"])
    assert d["day"] == date(2026, 2, 3) and d["count"] == 0 and d["year"] == 2012 and d["pk"] == 12 and d["pks"] == [3, 4]
    assert d["text"] == "  abc" and d["kind"] == "" and d["codes"] == ["a", "b"]


def test_an_id_that_is_not_a_number_is_none():
    assert clean(pk="abc")["pk"] is None and clean(pk=str(INT_MAX + 1))["pk"] is None


@pytest.mark.parametrize("field, value, message", [
    ("day", "2026-02-30", BAD_DATE), ("on", "kemarin", BAD_DATE), ("count", "x", BAD_NUMBER), ("year", str(INT_MAX + 1), BAD_NUMBER),
])
def test_what_cannot_be_read_is_refused_with_an_indonesian_message(field, value, message):
    form = Sample({field: value})
    assert not form.is_valid()
    assert form_error(form) == message
