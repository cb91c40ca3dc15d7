"""The suppression rule on crafted tables, checked by an adversary that tries every completion."""

import itertools

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
