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
4. Two hidden cells per line is not enough on its own in a cross table: a hidden cell that links two
   otherwise separate groups of hidden cells (a "bridge" in the graph whose nodes are rows and columns
   and whose edges are hidden cells) can be solved by adding up the equations of one group. Every
   hidden cell must therefore lie on a cycle of hidden cells (then its value can move by +1/-1 around
   the cycle without changing any published total); a bridge gets a fourth corner hidden to close a
   rectangle, and rules 2-4 repeat until stable.
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
        if not changed:
            changed = _close_bridges(grid, hidden)
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


def _connected_without(hidden: set, edge: tuple[int, int]) -> bool:
    """Are row `edge[0]` and column `edge[1]` still joined by hidden cells once `edge` is removed?"""
    start, goal = ("r", edge[0]), ("c", edge[1])
    adj: dict = {}
    for i, j in hidden:
        if (i, j) != edge:
            adj.setdefault(("r", i), []).append(("c", j))
            adj.setdefault(("c", j), []).append(("r", i))
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in adj.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _close_bridges(grid, hidden: set) -> bool:
    """Hide a fourth corner for the first hidden cell that lies on no cycle of hidden cells."""
    for i, j in sorted(hidden):
        if _connected_without(hidden, (i, j)):
            continue
        corners = [(i2, j2) for (a, j2) in hidden if a == i and j2 != j
                   for (i2, b) in hidden if b == j and i2 != i and (i2, j2) not in hidden]
        if not corners:
            continue  # a line with one hidden cell: the line rule handles it
        corner = min(corners, key=lambda p: (grid[p[0]][p[1]] == 0, grid[p[0]][p[1]], p))
        hidden.add(corner)
        return True
    return False


def display(value: int | None) -> str:
    return "<5" if value is None else str(value)
