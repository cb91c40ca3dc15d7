"""Demo KLA evaluations for 2024 and 2025 (Pasuruan Pratama aiming at Madya; Balikpapan high,
aiming at the top level) and DEKELA entries (Pasuruan: all 34 kelurahan declared since 2018)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from naungan.catalogues.selectors import codes

from . import services as S
from .models import DekelaEntry, Evaluation

TARGET = {"35.75": (560, 640), "35.72": (610, 660), "35.71": (690, 720), "64.71": (820, 860)}


def load_demo(world) -> None:
    S.load_default_set()
    sup = world.users["supervisor"]
    for year, target in zip((2024, 2025), TARGET.get(world.city.code, (550, 600)), strict=True):
        if Evaluation.objects.filter(city=world.city, year=year).exists():
            continue
        e = S.evaluation_create(actor=sup, city_code=world.city.code, year=year)
        ratio = Decimal(target) / Decimal(1000)
        for sc in e.scores.select_related("indicator").prefetch_related("indicator__evidence_items"):
            S.score_set(actor=sup, score=sc, value=(sc.indicator.max_score * ratio).quantize(Decimal("1")), evidence="Dokumen demo")
            items = list(sc.indicator.evidence_items.all())
            S.evidence_set(actor=sup, score=sc, checked_item_ids=[i.pk for i in items[: round(len(items) * ratio)]])
    if not DekelaEntry.objects.filter(city=world.city).exists():
        items = sorted(codes("dekela_item"))
        for i, kel in enumerate(world.kelurahan):
            for j, item in enumerate(items):
                full = world.city.code == "35.75" or (i + j) % 3 != 0
                S.dekela_set(actor=sup, kelurahan_code=kel.code, item=item, status="ada" if full else "proses",
                             evidence="SK 2018" if world.city.code == "35.75" else "", on=date(2018, 7, 23) if world.city.code == "35.75" else None)
