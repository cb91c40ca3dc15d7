"""Blind indexes of the prevention registries, re-computed when the index key rotates."""

from naungan.core.crypto import blind_index, register_blind_index
from naungan.core.names import normalize_nik

from .models import PerkasaMember


def perkasa_reindex_batch(members: list[PerkasaMember]) -> None:
    for m in members:
        n = normalize_nik(m.nik)
        m.nik_bidx = blind_index("nik", n) if n else ""
    PerkasaMember.objects.bulk_update(members, ["nik_bidx"])


register_blind_index(PerkasaMember, perkasa_reindex_batch)
