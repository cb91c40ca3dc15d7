"""Tables to CSV and XLSX, safe to open in a spreadsheet (no formula runs from a cell). Ground:
any app's download (statistics, prevention, exports) writes through these."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formulas (CSV/XLSX injection): text starting with = + - @ tab CR
    gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(rows: Iterable[list], fh) -> None:
    fh.write("\ufeff")
    writer = csv.writer(fh)
    for row in rows:
        writer.writerow(row)


def write_xlsx(rows: Iterable[list], path: str, title: str = "Data") -> None:
    from openpyxl import Workbook  # a heavy library: loaded when a workbook is written, not at start-up

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for row in rows:
        ws.append([xlsx_text(v) for v in row])
    wb.save(path)


def xlsx_text(value):
    """Control characters an XLSX cell cannot hold are left out (property-test finding: a name or a
    group pasted with one, e.g. a vertical tab, made openpyxl raise IllegalCharacterError, so the
    download answered 500 and the export job failed)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def table_csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    write_csv([[safe_cell(v) for v in header], *[[safe_cell(v) for v in r] for r in rows]], buf)
    return buf.getvalue()


def table_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        write_xlsx([[safe_cell(v) for v in header], *[[safe_cell(v) for v in r] for r in rows]], tmp.name, title)
        tmp.seek(0)
        return tmp.read()
