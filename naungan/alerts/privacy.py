"""Blind index of named places, recomputed under the current key on rotation."""

from naungan.core.crypto import blind_index, register_blind_index

from .models import PlaceTag
from .services import normalize_place


def place_reindex_batch(tags: list[PlaceTag]) -> None:
    for t in tags:
        norm = normalize_place(t.place_name)
        t.place_bidx = blind_index("place", norm) if norm else ""
    PlaceTag.objects.bulk_update(tags, ["place_bidx"])


register_blind_index(PlaceTag, place_reindex_batch)
