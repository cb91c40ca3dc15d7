"""The suppression rule on crafted tables, checked by an adversary that tries every completion."""

import itertools
import random

from naungan.stats.suppression import display, suppress_1d, suppress_2d


def completions_1d(table, max_value=None):
    max_value = max_value or (table.total or 20)
    hidden = [i for i, v in enumerate(table.values) if v is None]
    known = sum(v for v in table.values if v is not None)
    sols = []
    for combo in itertools.product(range(0, max_value + 1), repeat=len(hidden)):
        if table.total is None or known + sum(combo) == table.total:
            sols.append(combo)
    return hidden, sols


def test_primary_cells_are_hidden_and_zero_is_shown():
    t = suppress_1d(["a", "b", "c", "d"], [0, 3, 12, 20])
    assert t.values[0] == 0 and t.values[1] is None and t.total == 35
    assert display(t.values[1]) == "<5"


def test_a_lone_hidden_cell_gets_a_complement():
    t = suppress_1d(["a", "b", "c"], [2, 9, 30])
    assert t.values == [None, None, 30] and t.total == 41


def test_no_hidden_value_in_1d_can_be_recovered():
    for counts in ([2, 9, 30], [1, 1, 40], [4, 0, 7, 8], [1, 6, 6, 50], [3, 3, 3]):
        t = suppress_1d(["x"] * len(counts), counts)
        hidden, sols = completions_1d(t)
        for k in range(len(hidden)):
            values = {s[k] for s in sols if all(v >= 1 for v in s)}
            assert len(values) >= 2, (counts, t.values)


def test_small_total_hides_the_whole_line():
    t = suppress_1d(["a", "b"], [1, 2])
    assert t.total is None and t.values == [None, None]


def completions_2d(t, max_value=None):
    max_value = max_value or min(t.total or 20, 24)
    r, c = len(t.rows), len(t.cols)
    hidden = [(i, j) for i in range(r) for j in range(c) if t.cells[i][j] is None]
    sols = []
    for combo in itertools.product(range(0, max_value + 1), repeat=len(hidden)):
        grid = [row[:] for row in t.cells]
        for (i, j), v in zip(hidden, combo, strict=True):
            grid[i][j] = v
        ok = all(t.row_totals[i] is None or sum(grid[i]) == t.row_totals[i] for i in range(r)) and \
            all(t.col_totals[j] is None or sum(grid[i][j] for i in range(r)) == t.col_totals[j] for j in range(c))
        if ok:
            sols.append(combo)
    return hidden, sols


def test_complementary_suppression_in_a_cross_table():
    # kecamatan x form; one small cell
    counts = [[7, 2, 9], [8, 6, 12], [10, 11, 5]]
    t = suppress_2d(["k1", "k2", "k3"], ["fisik", "psikis", "seksual"], counts)
    hidden = [(i, j) for i in range(3) for j in range(3) if t.cells[i][j] is None]
    assert (0, 1) in hidden and len(hidden) >= 4  # a rectangle at least
    for line in [[t.cells[i][j] for j in range(3)] + [t.row_totals[i]] for i in range(3)]:
        assert line.count(None) != 1
    for j in range(3):
        col = [t.cells[i][j] for i in range(3)] + [t.col_totals[j]]
        assert col.count(None) != 1


def test_adversary_cannot_pin_any_hidden_cell_of_a_cross_table():
    for counts in ([[7, 2, 9], [8, 6, 12]], [[1, 8], [6, 9]], [[3, 0, 9], [9, 9, 9]], [[2, 2], [9, 9]]):
        t = suppress_2d([str(i) for i in range(len(counts))], [str(j) for j in range(len(counts[0]))], counts)
        hidden, sols = completions_2d(t)
        assert sols, counts
        for k in range(len(hidden)):
            assert len({s[k] for s in sols if all(v >= 1 for v in s)}) >= 2, (counts, t.cells)


def test_small_margins_are_suppressed_too():
    t = suppress_2d(["a", "b"], ["x", "y"], [[1, 0], [10, 12]])
    assert t.row_totals[0] is None
    assert [t.row_totals[i] for i in range(2)].count(None) != 1 or t.total is None


def _other_completion_exists(t, counts, target) -> bool:
    """An exact adversary on the published table (cells, row totals, column totals, grand total).

    It knows what a reader knows (every count is at least 0, published totals bound their cells) plus
    the true grand total as an upper bound. (It does not know which hidden cells are non-zero: zeros
    are hidden as complements too, so a reader cannot tell them apart.) Searching every completion row by row (the last hidden
    value of each row follows from its row equation), it looks for one where the hidden cell
    `target` differs from its true value. True: the cell cannot be pinned."""
    r, c = len(t.rows), len(t.cols)
    true = [list(counts[i]) + [sum(counts[i])] for i in range(r)]
    true.append([sum(counts[i][j] for i in range(r)) for j in range(c)] + [sum(map(sum, counts))])
    pub = [list(t.cells[i]) + [t.row_totals[i]] for i in range(r)] + [list(t.col_totals) + [t.total]]
    upper = true[r][c] if t.total is not None else max(true[r][c], 4) + 1  # a hidden total is unknown
    hidden_by_row = [[j for j in range(c + 1) if pub[i][j] is None] for i in range(r + 1)]
    grid = [row[:] for row in pub]

    def lower(i, j):
        return 0

    def top(i, j):  # published totals bound a cell from above
        bounds = [upper] + [b for b in (pub[i][c] if j < c else None, pub[r][j] if i < r else None) if b is not None]
        return min(bounds)

    def columns_fit(i):  # partial column sums may not pass a column total yet
        return i == r or all(pub[r][j] is None or sum(grid[x][j] for x in range(i + 1)) <= pub[r][j] for j in range(c + 1))

    def columns_ok():
        return all(sum(grid[i][j] for i in range(r)) == grid[r][j] for j in range(c + 1))

    def row_value_ok(i, j, v):
        return lower(i, j) <= v <= top(i, j) and not ((i, j) == target and v == true[i][j])

    def assign(i, k):
        if i > r:
            return columns_ok()
        cols = hidden_by_row[i]
        if k == len(cols):
            return sum(grid[i][:c]) == grid[i][c] and columns_fit(i) and assign(i + 1, 0)
        j = cols[k]
        if k == len(cols) - 1:  # follows from the row equation
            v = sum(grid[i][x] for x in range(c) if x != j) if j == c else grid[i][c] - sum(grid[i][x] for x in range(c) if x != j)
            if not (lower(i, j) <= v <= top(i, j)) or ((i, j) == target and v == true[i][j]):
                return False
            grid[i][j] = v
            ok = columns_fit(i) and assign(i + 1, 0)
            grid[i][j] = None
            return ok
        for v in range(lower(i, j), top(i, j) + 1):
            if row_value_ok(i, j, v):
                grid[i][j] = v
                if assign(i, k + 1):
                    grid[i][j] = None
                    return True
        grid[i][j] = None
        return False

    return assign(0, 0)


def _hidden_positions(t):
    r, c = len(t.rows), len(t.cols)
    pub = [list(t.cells[i]) + [t.row_totals[i]] for i in range(r)] + [list(t.col_totals) + [t.total]]
    return [(i, j) for i in range(r + 1) for j in range(c + 1) if pub[i][j] is None]


def test_a_bridge_between_two_hidden_groups_gets_closed():
    # rows 0-1 x cols 0-1 and rows 2-3 x cols 2-3 would be two rectangles; cell (1, 2) links them.
    counts = [[2, 3, 20, 20], [3, 2, 1, 20], [20, 20, 2, 3], [20, 20, 3, 2]]
    t = suppress_2d(list("abcd"), list("wxyz"), counts)
    for pos in _hidden_positions(t):
        assert _other_completion_exists(t, counts, pos), (pos, t.cells)


def test_exact_adversary_cannot_pin_any_hidden_cell_of_random_tables():
    rng = random.Random(20261122)
    checked = 0
    for _ in range(40):  # small tables: the exhaustive adversary grows exponentially with the hidden cells
        r, c = rng.randint(1, 2), rng.randint(2, 4)
        counts = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 11]) for _ in range(c)] for _ in range(r)]
        t = suppress_2d([str(i) for i in range(r)], [str(j) for j in range(c)], counts)
        for pos in _hidden_positions(t):
            assert _other_completion_exists(t, counts, pos), (counts, pos, t)
            checked += 1
    assert checked > 40


def test_published_cells_are_never_below_five_and_agree_with_the_data():
    rng = random.Random(7)
    for _ in range(200):
        r, c = rng.randint(1, 5), rng.randint(1, 5)
        counts = [[rng.randint(0, 9) for _ in range(c)] for _ in range(r)]
        t = suppress_2d([str(i) for i in range(r)], [str(j) for j in range(c)], counts)
        shown = [(v, counts[i][j]) for i in range(r) for j in range(c) if (v := t.cells[i][j]) is not None]
        assert all(v == true and (v == 0 or v >= 5) for v, true in shown)
        margins = [v for v in t.row_totals + t.col_totals + [t.total] if v is not None]
        assert all(v == 0 or v >= 5 for v in margins)
