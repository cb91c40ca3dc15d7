"""Blind indexes of the prevention registries, re-computed when the index key rotates."""

from naungan.core.crypto import register_field_blind_index
from naungan.core.names import normalize_nik

from .models import PerkasaMember

register_field_blind_index(PerkasaMember, field="nik", index="nik_bidx", kind="nik", normalize=normalize_nik)
