"""Template helpers of the shell: catalogue labels instead of codes, Indonesian dates, masked names."""

from __future__ import annotations

from django import template

from naungan.catalogues.selectors import label as catalogue_label
from naungan.core.formatting import masked, tanggal, waktu

register = template.Library()
register.filter("tanggal", tanggal)
register.filter("waktu", waktu)
register.filter("masked", masked)


@register.filter
def label(code, kind: str) -> str:
    """`{{ case.place|label:"place" }}`: the catalogue's label in the reader's language, never the code."""
    return catalogue_label(kind, code) if code else ""
