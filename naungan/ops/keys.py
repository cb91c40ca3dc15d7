"""Rotating the keys that seal identities and the keys of the search indexes.

Field keys (NAUNGAN_FIELD_KEYS): the operator prepends a new key; `rotate_field_keys` then
re-encrypts every sealed value of every model under it. The sealed columns are found by
introspection (every SealedTextField of every installed model), so a column another app adds
later is covered without touching this code. Each batch is one transaction that rewrites a value
only if it is still the ciphertext that was read (`CASE WHEN col = old`), so an edit made
meanwhile through the application is never overwritten. Progress is saved after each batch: an
interrupted run resumes where it stopped.

Blind-index key (NAUNGAN_BLIND_INDEX_KEY): the operator sets the new key and moves the old one to
NAUNGAN_BLIND_INDEX_OLD_KEYS, so search compares with both while `rotate_blind_index_key`
recomputes every token from the sealed values through the owning app's re-indexer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from naungan.core.crypto import SEALED_PREFIX, SealedTextField, _fernet, blind_index_reindexers

from .backup import fingerprint
from .models import KeyRotation


def sealed_fields() -> dict[type[models.Model], list[SealedTextField]]:
    out = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedTextField)]
        if fields:
            out[model] = fields
    return dict(sorted(out.items(), key=lambda kv: kv[0]._meta.label))


def _label(model) -> str:
    return model._meta.label


def _select_batch(model, columns: list[str], after, size: int) -> list[tuple]:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    where = f"WHERE {pk} > %s " if after is not None else ""
    params = [after] if after is not None else []
    with connection.cursor() as cur:
        cur.execute(f"SELECT {pk}, {cols} FROM {table} {where}ORDER BY {pk} LIMIT %s", [*params, size])  # noqa: S608
        return cur.fetchall()


@dataclass
class RotationReport:
    rows: int = 0
    values: int = 0
    finished: bool = False


def _state(kind: str, fp: str) -> KeyRotation:
    state = KeyRotation.objects.filter(kind=kind, key_fingerprint=fp, finished_at__isnull=True).order_by("-pk").first()
    return state or KeyRotation.objects.create(kind=kind, key_fingerprint=fp, progress={})


def _under_primary(token: str) -> bool:
    try:
        _fernet((settings.FIELD_ENCRYPTION_KEYS[0],)).decrypt(token[len(SEALED_PREFIX):].encode("ascii"))
        return True
    except InvalidToken:
        return False


def _finish(state: KeyRotation, report: RotationReport) -> RotationReport:
    state.finished_at = timezone.now()
    state.save(update_fields=["finished_at"])
    report.finished = True
    return report


def rotate_field_keys(*, batch: int = 500, max_rows: int | None = None, progress: Callable[[str, int], None] | None = None) -> RotationReport:
    """Re-encrypt every sealed value that is not under the first key. Resumable."""
    primary = settings.FIELD_ENCRYPTION_KEYS[0]
    cipher = _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))
    state = _state(KeyRotation.KIND_FIELD, fingerprint(primary))
    report = RotationReport()
    for model, fields in sealed_fields().items():
        label = _label(model)
        done = state.progress.get(label)
        if done == "done":
            continue
        columns = [f.column for f in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        while True:
            if max_rows is not None and report.rows >= max_rows:
                state.save()
                return report
            size = batch if max_rows is None else min(batch, max_rows - report.rows)
            with transaction.atomic():
                rows = _select_batch(model, columns, done, size)
                if not rows:
                    state.progress[label] = "done"
                    state.save(update_fields=["progress"])
                    break
                updates = []
                for row in rows:
                    changes = {}
                    for col, value in zip(columns, row[1:], strict=True):
                        if value and value.startswith(SEALED_PREFIX) and not _under_primary(value):
                            new = SEALED_PREFIX + cipher.rotate(value[len(SEALED_PREFIX):].encode("ascii")).decode("ascii")
                            changes[col] = (value, new)
                    if changes:
                        updates.append((row[0], changes))
                if updates:
                    # One statement for the batch (executemany): unchanged columns get (old, old), a no-op.
                    q = connection.ops.quote_name
                    sets = ", ".join(f"{q(c)} = CASE WHEN {q(c)} = %s THEN %s ELSE {q(c)} END" for c in columns)
                    params = []
                    by_pk = {r[0]: r[1:] for r in rows}
                    for row_pk, changes in updates:
                        current = dict(zip(columns, by_pk[row_pk], strict=True))
                        flat = []
                        for c in columns:
                            flat += list(changes.get(c, (current[c], current[c])))
                        params.append([*flat, row_pk])
                    with connection.cursor() as cur:
                        cur.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", params)  # noqa: S608
                    report.values += sum(len(c) for _, c in updates)
                done = rows[-1][0]
                report.rows += len(rows)
                state.progress[label] = done
                state.rows += len(rows)
                state.values += sum(len(c) for _, c in updates)
                state.save(update_fields=["progress", "rows", "values"])
            if progress:
                progress(label, len(rows))
    return _finish(state, report)


def values_not_under_primary(*, batch: int = 2000) -> dict[str, int]:
    """Sealed values the first key cannot open: must be zero before an old key is removed."""
    out = {}
    for model, fields in sealed_fields().items():
        columns = [f.column for f in fields]
        after, count = None, 0
        while rows := _select_batch(model, columns, after, batch):
            count += sum(1 for r in rows for v in r[1:] if v and v.startswith(SEALED_PREFIX) and not _under_primary(v))
            after = rows[-1][0]
        if count:
            out[_label(model)] = count
    return out


def sample_unseal(*, per_model: int = 20) -> list[str]:
    """Models with a sealed value the configured keys cannot open (a quick check after restore)."""
    cipher = _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))
    bad = []
    for model, fields in sealed_fields().items():
        for row in _select_batch(model, [f.column for f in fields], None, per_model):
            try:
                for v in row[1:]:
                    if v and v.startswith(SEALED_PREFIX):
                        cipher.decrypt(v[len(SEALED_PREFIX):].encode("ascii"))
            except InvalidToken:
                bad.append(_label(model))
                break
    return bad


# ----------------------------------------------------------------------------------------------
# blind indexes

def unregistered_blind_index_models() -> list[str]:
    """Models with a `*_bidx` column that no app registered a re-indexer for."""
    registered = set(blind_index_reindexers())
    return sorted(_label(m) for m in apps.get_models()
                  if any(f.name.endswith("_bidx") for f in m._meta.concrete_fields) and m not in registered)


def rotate_blind_index_key(*, batch: int = 500, max_rows: int | None = None, progress: Callable[[str, int], None] | None = None) -> RotationReport:
    """Recompute every stored search token under the current NAUNGAN_BLIND_INDEX_KEY. Resumable."""
    state = _state(KeyRotation.KIND_BLIND, fingerprint(settings.BLIND_INDEX_KEY))
    report = RotationReport()
    for model, reindex in sorted(blind_index_reindexers().items(), key=lambda kv: _label(kv[0])):
        label = _label(model)
        done = state.progress.get(label)
        if done == "done":
            continue
        while True:
            if max_rows is not None and report.rows >= max_rows:
                return report
            size = batch if max_rows is None else min(batch, max_rows - report.rows)
            with transaction.atomic():
                qs = model.objects.order_by("pk")
                if done is not None:
                    qs = qs.filter(pk__gt=done)
                rows = list(qs.select_for_update()[:size]) if connection.features.has_select_for_update else list(qs[:size])
                if not rows:
                    state.progress[label] = "done"
                    state.save(update_fields=["progress"])
                    break
                reindex(rows)
                done = rows[-1].pk
                report.rows += len(rows)
                state.progress[label] = done
                state.rows += len(rows)
                state.save(update_fields=["progress", "rows"])
            if progress:
                progress(label, len(rows))
    return _finish(state, report)
