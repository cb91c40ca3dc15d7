"""KLA rules in one place: indicator sets from files, scoring, the level thresholds, what is
missing for the next level (zero violence for the top level), and the DEKELA checklist."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from naungan.accounts.permissions import CITY_ADMIN, KLA_EDIT, KLA_READ, cities_with, may_anywhere
from naungan.accounts.scope import is_national
from naungan.audit.services import audit_record, diff
from naungan.catalogues.selectors import codes
from naungan.core.errors import DomainError
from naungan.regions.models import Level, Region

from .figures import key_problem
from .models import Cluster, DekelaEntry, Evaluation, EvidenceCheck, EvidenceItem, Indicator, IndicatorSet, Score

DEFAULT_SET_FILE = Path(__file__).resolve().parent / "data" / "permen-pppa-12-2022.json"

NOT_ALLOWED = gettext_noop("Hanya administrator kota atau supervisor yang dapat mengubah evaluasi KLA.")
BAD_SET = gettext_noop("Berkas indikator tidak valid: {detail}")
SCORE_RANGE = gettext_noop("Nilai indikator {n} harus antara 0 dan {max}.")
ALREADY = gettext_noop("Evaluasi KLA {year} untuk kota ini sudah ada.")
SET_IN_USE = gettext_noop("Set indikator ini sudah dipakai evaluasi; muat sebagai versi baru.")
SAME_SET = gettext_noop("Evaluasi ini sudah memakai set indikator tersebut.")
MOVE_MISSING = gettext_noop("Set tujuan tidak memuat indikator {numbers} yang sudah dinilai; evaluasi tidak dipindahkan.")
MOVE_OVER = gettext_noop("Nilai indikator {n} ({score}) melebihi nilai maksimum di set tujuan ({max}); evaluasi tidak dipindahkan.")

# (lowest total, level) — 500–600 Pratama, 601–700 Madya, 701–800 Nindya, 801–900 Utama, 901–1000 KLA
LEVELS = [(Decimal(901), "KLA"), (Decimal(801), "Utama"), (Decimal(701), "Nindya"), (Decimal(601), "Madya"), (Decimal(500), "Pratama")]


def level_for(total: Decimal | int | float) -> str | None:
    t = Decimal(str(total))
    for low, name in LEVELS:
        if t >= low:
            return name
    return None


def next_level(total) -> tuple[str, Decimal] | None:
    """The next level up and the points still needed; None at the top."""
    t = Decimal(str(total))
    for low, name in reversed(LEVELS):
        if t < low:
            return name, low - t
    return None


def can_edit(user, city_code: str) -> bool:
    return is_national(user) or city_code in cities_with(user, KLA_EDIT)


def can_read(user, city_code: str) -> bool:
    return is_national(user) or city_code in cities_with(user, KLA_READ)


def _require_edit(user, city_code):
    if not can_edit(user, city_code):
        raise DomainError(NOT_ALLOWED)


# --- indicator sets -------------------------------------------------------------------------

def _evidence_of(i: dict) -> list[dict]:
    items = i.get("evidence", [])
    if isinstance(items, str):
        items = [{"label": line} for line in items.splitlines()]
    return [{"label": str(e["label"]).strip(), "figure": str(e.get("figure", "") or "").strip()} if isinstance(e, dict) else {"label": str(e).strip(), "figure": ""}
            for e in items]


def _validate_set(data: dict) -> None:
    try:
        assert data["regulation"] and data["version"] and data["clusters"]
        numbers = set()
        for c in data["clusters"]:
            assert c["code"] and c["name"]
            for i in c["indicators"]:
                assert int(i["number"]) not in numbers, f"nomor {i['number']} ganda"
                numbers.add(int(i["number"]))
                assert Decimal(str(i["max_score"])) >= 0, f"bobot indikator {i['number']}"
                assert str(i["title"]).strip(), f"judul indikator {i['number']} kosong"
                assert str(i.get("source", "")).strip(), f"sumber indikator {i['number']} kosong"
                for e in _evidence_of(i):
                    assert e["label"], f"data dukung kosong pada indikator {i['number']}"
                    problem = e["figure"] and key_problem(e["figure"])
                    assert not problem, problem
    except (KeyError, TypeError, ValueError, AssertionError, InvalidOperation) as exc:
        raise DomainError(BAD_SET.format(detail=str(exc) or exc.__class__.__name__))


def _create_set(data: dict) -> IndicatorSet:
    existing = IndicatorSet.objects.filter(regulation=data["regulation"], version=data["version"]).first()
    if existing:
        if existing.evaluations.exists():
            raise DomainError(SET_IN_USE)
        existing.delete()
    s = IndicatorSet.objects.create(regulation=data["regulation"], version=data["version"], name=data.get("name", data["regulation"]), notes=data.get("notes", ""))
    for order, c in enumerate(data["clusters"]):
        cl = Cluster.objects.create(indicator_set=s, code=c["code"], name=c["name"], order=order)
        for i in c["indicators"]:
            ind = Indicator.objects.create(
                cluster=cl, number=int(i["number"]), title=str(i["title"]).strip()[:300], max_score=Decimal(str(i["max_score"])),
                weight_official=bool(i.get("weight_official")), evidence_required=i.get("evidence_required", ""), needs_review=bool(i.get("needs_review")),
                source=str(i["source"]).strip(), source_url=str(i.get("source_url", ""))[:500], note=i.get("note", ""))
            EvidenceItem.objects.bulk_create([EvidenceItem(indicator=ind, order=n, label=e["label"][:300], figure=e["figure"][:200])
                                              for n, e in enumerate(_evidence_of(i))])
    return s


@transaction.atomic
def indicator_set_import(*, actor, data: dict) -> IndicatorSet:
    """Load a set from its file form. The same regulation + version replaces an unused set."""
    _validate_set(data)
    s = _create_set(data)
    audit_record(actor=actor, action="kla.set_import", obj=s, changes={"regulation": [None, s.regulation], "version": [None, s.version]})
    return s


def indicator_set_export(s: IndicatorSet) -> dict:
    return {"regulation": s.regulation, "version": s.version, "name": s.name, "notes": s.notes, "clusters": [
        {"code": c.code, "name": c.name, "indicators": [
            {"number": i.number, "title": i.title, "max_score": float(i.max_score), "weight_official": i.weight_official,
             "needs_review": i.needs_review, "source": i.source, "source_url": i.source_url, "note": i.note,
             "evidence_required": i.evidence_required,
             "evidence": [{"label": e.label, "figure": e.figure} for e in i.evidence_items.all()]} for i in c.indicators.all()]}
        for c in s.clusters.prefetch_related("indicators__evidence_items")]}


def _default_data() -> dict:
    return json.loads(DEFAULT_SET_FILE.read_text(encoding="utf-8"))


def load_default_set(*, actor=None) -> IndicatorSet:
    data = _default_data()
    existing = IndicatorSet.objects.filter(regulation=data["regulation"], version=data["version"]).first()
    return existing or indicator_set_import(actor=actor, data=data)


@transaction.atomic
def indicator_set_sync() -> IndicatorSet:
    """After every migrate: the shipped set is present (system data, like the catalogues, so no
    audit event), and the shipped versions it supersedes are no longer offered for new evaluations."""
    data = _default_data()
    s = IndicatorSet.objects.filter(regulation=data["regulation"], version=data["version"]).first()
    if s is None:
        _validate_set(data)
        s = _create_set(data)
    IndicatorSet.objects.filter(regulation=data["regulation"], version__in=data.get("supersedes", []), active=True).update(active=False)
    return s


BAD_WEIGHT = gettext_noop("Bobot indikator {n} harus berupa angka 0 atau lebih.")
EMPTY_TITLE = gettext_noop("Judul indikator {n} tidak boleh kosong.")


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, title: str, max_score, needs_review: bool, weight_official: bool | None = None,
                     evidence_lines: str | None = None) -> Indicator:
    """An administrator's correction of an indicator. Evidence lines: one item per line; a line
    that keeps its text keeps its Naungan figure and its ticks."""
    if not may_anywhere(actor, CITY_ADMIN):
        raise DomainError(NOT_ALLOWED)
    try:
        weight = Decimal(str(max_score).replace(",", "."))
    except InvalidOperation:
        raise DomainError(BAD_WEIGHT.format(n=indicator.number))
    if not weight.is_finite() or weight < 0:
        raise DomainError(BAD_WEIGHT.format(n=indicator.number))
    if not title.strip():
        raise DomainError(EMPTY_TITLE.format(n=indicator.number))
    items = list(indicator.evidence_items.all())
    old = {"title": indicator.title, "max_score": str(indicator.max_score), "needs_review": indicator.needs_review,
           "weight_official": indicator.weight_official, "evidence": [e.label for e in items]}
    indicator.title, indicator.max_score, indicator.needs_review = title.strip()[:300], weight, needs_review
    if weight_official is not None:
        indicator.weight_official = weight_official
    indicator.save()
    if evidence_lines is not None:
        wanted = [line.strip()[:300] for line in evidence_lines.splitlines() if line.strip()]
        by_label = {e.label: e for e in items}
        EvidenceItem.objects.filter(pk__in=[e.pk for e in items if e.label not in wanted]).delete()
        for n, lab in enumerate(wanted):
            e = by_label.get(lab)
            if e is None:
                EvidenceItem.objects.create(indicator=indicator, order=n, label=lab)
            elif e.order != n:
                EvidenceItem.objects.filter(pk=e.pk).update(order=n)
    new = {"title": indicator.title, "max_score": str(indicator.max_score), "needs_review": indicator.needs_review,
           "weight_official": indicator.weight_official, "evidence": [e.label for e in indicator.evidence_items.all()]}
    audit_record(actor=actor, action="kla.indicator_update", obj=indicator, changes=diff(old, new))
    return indicator


# --- evaluations ----------------------------------------------------------------------------

@transaction.atomic
def evaluation_create(*, actor, city_code: str, year: int, indicator_set: IndicatorSet | None = None) -> Evaluation:
    _require_edit(actor, city_code)
    if Evaluation.objects.filter(city_id=city_code, year=year).exists():
        raise DomainError(ALREADY.format(year=year))
    s = indicator_set or IndicatorSet.objects.filter(active=True).order_by("-created_at").first() or load_default_set(actor=actor)
    e = Evaluation.objects.create(city_id=city_code, year=year, indicator_set=s, created_by=actor)
    Score.objects.bulk_create([Score(evaluation=e, indicator=i) for i in Indicator.objects.filter(cluster__indicator_set=s)])
    audit_record(actor=actor, action="kla.evaluation_create", obj=e, city_code=city_code, changes={"year": [None, year]})
    return e


@transaction.atomic
def score_set(*, actor, score: Score, value, evidence: str = "", evidence_url: str = "", reviewer_comment: str = "", document=None) -> Score:
    _require_edit(actor, score.evaluation.city_id)
    if value in (None, ""):
        v = None
    else:
        try:
            v = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise DomainError(SCORE_RANGE.format(n=score.indicator.number, max=score.indicator.max_score))
        if v < 0 or v > score.indicator.max_score:
            raise DomainError(SCORE_RANGE.format(n=score.indicator.number, max=score.indicator.max_score))
    old = str(score.score) if score.score is not None else None
    score.score, score.evidence, score.evidence_url, score.reviewer_comment = v, evidence, evidence_url, reviewer_comment
    if document is not None:
        score.document.save("dok", document, save=False)
    score.save()
    audit_record(actor=actor, action="kla.score", obj=score, city_code=score.evaluation.city_id,
                 changes={"indicator": [None, score.indicator.number], "score": [old, str(v) if v is not None else None]})
    return score


@transaction.atomic
def evidence_set(*, actor, score: Score, checked_item_ids) -> list[int]:
    """Tick the evidence items of one indicator that the city has in hand; the others are unticked."""
    _require_edit(actor, score.evaluation.city_id)
    items = {e.pk: e for e in EvidenceItem.objects.filter(indicator_id=score.indicator_id)}
    wanted = set()
    for raw in checked_item_ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            continue
        if pk in items:
            wanted.add(pk)
    existing = set(EvidenceCheck.objects.filter(evaluation_id=score.evaluation_id, item_id__in=items).values_list("item_id", flat=True))
    EvidenceCheck.objects.filter(evaluation_id=score.evaluation_id, item_id__in=existing - wanted).delete()
    EvidenceCheck.objects.bulk_create([EvidenceCheck(evaluation_id=score.evaluation_id, item_id=pk, checked_by=actor) for pk in wanted - existing])
    if wanted != existing:
        audit_record(actor=actor, action="kla.evidence", obj=score, city_code=score.evaluation.city_id,
                     changes={"indicator": [None, score.indicator.number], "evidence": [sorted(items[p].label for p in existing),
                                                                                        sorted(items[p].label for p in wanted)]})
    return sorted(wanted)


@transaction.atomic
def evaluation_move(*, actor, evaluation: Evaluation, indicator_set: IndicatorSet) -> Evaluation:
    """Move an evaluation to another version of the indicator set (e.g. a corrected one): scores,
    evidence and comments follow the indicator number, ticks follow the evidence text. Refused if a
    scored indicator is missing from the target or its score exceeds the target's maximum."""
    _require_edit(actor, evaluation.city_id)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.indicator_set_id == indicator_set.pk:
        raise DomainError(SAME_SET)
    target = {i.number: i for i in Indicator.objects.filter(cluster__indicator_set=indicator_set).prefetch_related("evidence_items")}
    scores = list(evaluation.scores.select_related("indicator"))
    missing = sorted(s.indicator.number for s in scores if s.indicator.number not in target and (s.score is not None or s.evidence or s.document))
    if missing:
        raise DomainError(MOVE_MISSING.format(numbers=", ".join(map(str, missing))))
    for s in scores:
        t = target.get(s.indicator.number)
        if t is not None and s.score is not None and s.score > t.max_score:
            raise DomainError(MOVE_OVER.format(n=t.number, score=s.score, max=t.max_score))
    ticked = {(c.item.indicator.number, c.item.label) for c in EvidenceCheck.objects.filter(evaluation=evaluation).select_related("item__indicator")}
    EvidenceCheck.objects.filter(evaluation=evaluation).delete()
    kept = set()
    for s in scores:
        t = target.get(s.indicator.number)
        if t is None:
            s.delete()
            continue
        Score.objects.filter(pk=s.pk).update(indicator=t)
        kept.add(t.number)
    Score.objects.bulk_create([Score(evaluation=evaluation, indicator=t) for n, t in target.items() if n not in kept])
    EvidenceCheck.objects.bulk_create([EvidenceCheck(evaluation=evaluation, item=e, checked_by=actor) for t in target.values()
                                       for e in t.evidence_items.all() if (t.number, e.label) in ticked])
    old = str(evaluation.indicator_set)
    evaluation.indicator_set = indicator_set
    evaluation.save(update_fields=["indicator_set", "updated_at"])
    audit_record(actor=actor, action="kla.evaluation_move", obj=evaluation, city_code=evaluation.city_id,
                 changes={"indicator_set": [old, str(indicator_set)]})
    return evaluation


@dataclass
class Summary:
    clusters: list[dict]
    total: Decimal
    maximum: Decimal
    missing: list[int]
    complete: bool
    level: str | None
    next: tuple[str, Decimal] | None
    needs_review: int
    zero_violence: bool | None
    top_blocked: bool = False
    notes: list[str] = field(default_factory=list)
    weights_unofficial: int = 0
    evidence_checked: int = 0
    evidence_total: int = 0


def evaluation_summary(e: Evaluation, *, figures: dict | None = None) -> Summary:
    """Totals per cluster and overall. An incomplete evaluation gives no level; the top level
    (KLA) also needs zero violence against children in the year (the Balikpapan Paripurna target of zero violence)."""
    scores = list(e.scores.select_related("indicator__cluster").order_by("indicator__cluster__order", "indicator__number"))
    items: dict[int, list] = {}
    for item in EvidenceItem.objects.filter(indicator__cluster__indicator_set_id=e.indicator_set_id):
        items.setdefault(item.indicator_id, []).append(item)
    checked = set(EvidenceCheck.objects.filter(evaluation=e).values_list("item_id", flat=True))
    for s in scores:
        s.evidence_items = items.get(s.indicator_id, [])
        s.checked_ids = {i.pk for i in s.evidence_items if i.pk in checked}
    clusters: dict[int, dict] = {}
    for s in scores:
        c = s.indicator.cluster
        row = clusters.setdefault(c.pk, {"name": c.name, "code": c.code, "total": Decimal(0), "max": Decimal(0), "scores": []})
        row["max"] += s.indicator.max_score
        row["total"] += s.score or 0
        row["scores"].append(s)
    total = sum((r["total"] for r in clusters.values()), Decimal(0))
    maximum = sum((r["max"] for r in clusters.values()), Decimal(0))
    missing = [s.indicator.number for s in scores if s.score is None]
    complete = not missing
    level = level_for(total) if complete else None
    zero = (figures or {}).get("zero_violence")
    notes = []
    top_blocked = False
    if level == "KLA" and zero is False:
        level, top_blocked = "Utama", True
        notes.append("Predikat KLA memerlukan nol kasus kekerasan terhadap anak pada tahun evaluasi.")
    nxt = next_level(total)
    return Summary(list(clusters.values()), total, maximum, missing, complete, level, nxt,
                   sum(1 for s in scores if s.indicator.needs_review), zero, top_blocked, notes,
                   weights_unofficial=sum(1 for s in scores if not s.indicator.weight_official),
                   evidence_checked=sum(len(s.checked_ids) for s in scores), evidence_total=sum(len(s.evidence_items) for s in scores))


# --- DEKELA ---------------------------------------------------------------------------------

@transaction.atomic
def dekela_set(*, actor, kelurahan_code: str, item: str, status: str, evidence: str = "", on=None) -> DekelaEntry:
    kel = Region.objects.filter(code=kelurahan_code, level=Level.KELURAHAN).first()
    if kel is None:
        raise DomainError(BAD_SET.format(detail=kelurahan_code))
    city = kel.city_code
    _require_edit(actor, city)
    if item not in codes("dekela_item") or status not in codes("dekela_status"):
        raise DomainError(BAD_SET.format(detail=f"{item}/{status}"))
    entry, _ = DekelaEntry.objects.get_or_create(kelurahan=kel, item=item, defaults={"city_id": city})
    old = entry.status
    entry.status, entry.evidence, entry.date = status, evidence[:300], on
    entry.save()
    audit_record(actor=actor, action="kla.dekela", obj=entry, city_code=city, changes={"item": [None, item], "status": [old, status]})
    return entry


def dekela_coverage(city_code: str) -> dict:
    from django.db.models import Count

    kel = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").order_by("parent__name", "name").select_related("parent"))
    entries = {(e.kelurahan_id, e.item): e.status for e in DekelaEntry.objects.filter(city_id=city_code)}
    items = codes("dekela_item")
    per_item = {r["item"]: r["n"] for r in DekelaEntry.objects.filter(city_id=city_code, status="ada").order_by().values("item").annotate(n=Count("pk"))}
    complete = sum(1 for k in kel if all(entries.get((k.code, i)) == "ada" for i in items))
    return {"kelurahan": kel, "entries": entries, "per_item": per_item, "complete": complete, "total": len(kel)}
