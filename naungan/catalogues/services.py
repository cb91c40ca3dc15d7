"""Loading value sets from the JSON files in `catalogues/data/` (one file per domain)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from .models import Code
from .selectors import clear_cache

DATA_DIR = Path(__file__).resolve().parent / "data"


def catalogue_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def catalogue_definitions() -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = {}
    for path in catalogue_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind, values in data.items():
            if kind.startswith("_"):
                continue
            if kind in kinds:
                raise ValueError(f"value set {kind!r} is defined twice ({path.name})")
            kinds[kind] = values
    return kinds


def catalogue_sync(*, using: str = "default") -> int:
    """Insert or update every value from the files; values no longer listed become inactive
    (never deleted: old records still point at them)."""
    touched = 0
    with transaction.atomic(using=using):
        for kind, values in catalogue_definitions().items():
            seen = set()
            for i, v in enumerate(values):
                seen.add(v["code"])
                Code.objects.using(using).update_or_create(
                    kind=kind,
                    code=v["code"],
                    defaults={
                        "label": v["label"],
                        "label_en": v.get("label_en", ""),
                        "sort_order": v.get("sort_order", i),
                        "simfoni": v.get("simfoni", ""),
                        "extra": v.get("extra", {}),
                        "active": v.get("active", True),
                    },
                )
                touched += 1
            Code.objects.using(using).filter(kind=kind).exclude(code__in=seen).update(active=False)
    clear_cache()
    return touched
