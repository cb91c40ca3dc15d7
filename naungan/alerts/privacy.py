"""Blind index of named places, recomputed under the current key on rotation."""

from naungan.core.crypto import register_field_blind_index

from .models import PlaceTag
from .services import normalize_place

register_field_blind_index(PlaceTag, field="place_name", index="place_bidx", kind="place", normalize=normalize_place)
