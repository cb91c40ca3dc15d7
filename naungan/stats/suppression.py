"""Small-cell suppression for public figures.

Rule (shown on the public page):
1. Primary: a count from 1 to 4 is never published (shown as "<5"). Zero is published: "no case"
   is the figure the zero-violence target is about, and it reveals nobody.
2. Complementary: a table is published with its totals, so one hidden cell in a row or column
   could be recovered by subtraction. Every row and every column (totals included) that hides a
   cell therefore hides at least two, choosing the smallest other non-zero cells; this repeats
   until nothing changes. A hidden zero is allowed as the second cell only if no non-zero cell is
   left: a published zero would give it away, so it is hidden too.
3. Hidden cells of a line must not be pinned by their sum: since a hidden cell is at least 1, k
   hidden cells summing to exactly k would all be 1. When that happens one more cell is hidden.
Totals themselves follow the same rule: a total from 1 to 4 is hidden, and then so is a second
total of the same margin.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = None  # a suppressed cell


def primary(value: int) -> bool:
    return 0 < value < THRESHOLD


def _pick_second(values: list[int], hidden: set[int], exclude: set[int] | frozenset = frozenset()) -> int | None:
    """Index of the cell to hide beside a lone hidden one: the smallest visible non-zero cell,
    else a visible zero."""
    candidates = [i for i in range(len(values)) if i not in hidden and i not in exclude]
    nonzero = [i for i in candidates if values[i] > 0]
    pool = nonzero or candidates
    if not pool:
        return None
    return min(pool, key=lambda i: (values[i], i))


@dataclass
class Table1D:
    labels: list[str]
    values: list[int | None]  # None = suppressed
    total: int | None


def suppress_1d(labels: list[str], counts: list[int]) -> Table1D:
    """A list of counts published with its total."""
    hidden = {i for i, v in enumerate(counts) if primary(v)}
    total = sum(counts)
    total_hidden = primary(total)
    if total_hidden:
        hidden |= {i for i, v in enumerate(counts) if v > 0}
    else:
        while hidden and (len(hidden) == 1 or sum(counts[i] for i in hidden) <= len(hidden)):
            extra = _pick_second(counts, hidden)
            if extra is None:
                break
            hidden.add(extra)
    return Table1D(labels, [None if i in hidden else v for i, v in enumerate(counts)], None if total_hidden else total)


@dataclass
class Table2D:
    rows: list[str]
    cols: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None


def suppress_2d(rows: list[str], cols: list[str], counts: list[list[int]]) -> Table2D:
    """A cross table published with row totals, column totals and the grand total.

    Row totals are treated as an extra column and column totals as an extra row, so the
    "two hidden per line" rule covers the margins too."""
    r, c = len(rows), len(cols)
    row_tot = [sum(counts[i]) for i in range(r)]
    col_tot = [sum(counts[i][j] for i in range(r)) for j in range(c)]
    grand = sum(row_tot)
    # extended grid (r+1) x (c+1): last column = row totals, last row = column totals
    grid = [list(counts[i]) + [row_tot[i]] for i in range(r)] + [col_tot + [grand]]
    hidden = {(i, j) for i in range(r + 1) for j in range(c + 1) if primary(grid[i][j])}
    changed = True
    while changed:
        changed = False
        for i in range(r + 1):
            line = [(i, j) for j in range(c + 1)]
            changed |= _fix_line(grid, line, hidden)
        for j in range(c + 1):
            line = [(i, j) for i in range(r + 1)]
            changed |= _fix_line(grid, line, hidden)
    val = lambda i, j: None if (i, j) in hidden else grid[i][j]  # noqa: E731
    return Table2D(
        rows, cols,
        [[val(i, j) for j in range(c)] for i in range(r)],
        [val(i, c) for i in range(r)],
        [val(r, j) for j in range(c)],
        val(r, c),
    )


def _fix_line(grid, line: list[tuple[int, int]], hidden: set) -> bool:
    in_line = [p for p in line if p in hidden]
    if not in_line or len(in_line) == len(line):
        return False
    pinned = sum(grid[i][j] for i, j in in_line) <= len(in_line)
    if len(in_line) >= 2 and not pinned:
        return False
    values = [grid[i][j] for i, j in line]
    idx_hidden = {k for k, p in enumerate(line) if p in hidden}
    k = _pick_second(values, idx_hidden)
    if k is None:
        return False
    hidden.add(line[k])
    return True


def display(value: int | None) -> str:
    return "<5" if value is None else str(value)
