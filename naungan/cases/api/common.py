"""Shared pieces of the case API: sealed fields, paging, conflict answers."""

from __future__ import annotations

from naungan.core.api import conflict_response

SEALED = ("name", "nik", "kk_number", "phone", "street", "birth_date")


def _update_data(validated: dict) -> dict:
    data = dict(validated)
    data.pop("version", None)
    return data


_conflict = conflict_response
