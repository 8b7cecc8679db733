"""The centre's disclosure rule (docs/pusat.md): small cells are merged, counts are kept, and no
published total can be subtracted from another to uncover a merged cell."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_server.pusat.disclosure import (
    ANY,
    LEVELS,
    Count,
    Ratings,
    assign,
    merge_small_cells,
    publishable_ratings,
)

CATEGORIES = ("jalan", "air", "kesehatan", "pendidikan", "korupsi")
DISTRICTS = ("mimika_baru", "kuala_kencana", "agimuga", "jila")
STATUSES = ("unverified", "dispatched", "completed", "archived")
CHANNELS = ("web", "sms", "whatsapp")

cells_strategy = st.dictionaries(
    st.tuples(
        st.sampled_from(CATEGORIES),
        st.sampled_from(DISTRICTS),
        st.sampled_from(STATUSES),
        st.sampled_from(CHANNELS),
    ),
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.builds(Count, st.just(n), st.integers(min_value=0, max_value=n))
    ),
    max_size=40,
)


def _level(key: tuple[str, ...]) -> int:
    kept = tuple(v != ANY for v in key)
    return LEVELS.index(kept)  # type: ignore[arg-type]


def test_a_rare_complaint_in_a_small_distrik_does_not_appear_with_its_category_or_distrik():
    raw = {
        ("korupsi", "jila", "dispatched", "sms"): Count(1),  # the one that could point to someone
        ("jalan", "mimika_baru", "dispatched", "web"): Count(9, 2),
        ("jalan", "mimika_baru", "dispatched", "sms"): Count(2),
        ("air", "mimika_baru", "dispatched", "web"): Count(3),
        ("air", "kuala_kencana", "completed", "web"): Count(6),
    }
    published = merge_small_cells(raw, threshold=5)
    assert published[("jalan", "mimika_baru", "dispatched", "web")] == Count(9, 2)
    assert published[("air", "kuala_kencana", "completed", "web")] == Count(6)
    # jalan/sms (2) and air (3) in Mimika Baru: 5 together once the category is merged
    assert published[(ANY, "mimika_baru", "dispatched", ANY)] == Count(5)
    # the rare complaint only as "one more dispatched report", no category, distrik or channel
    assert published[(ANY, ANY, "dispatched", ANY)] == Count(1)
    assert not any(k[0] == "korupsi" or k[1] == "jila" for k in published)


def test_a_cell_at_the_threshold_is_published_as_it_is_and_one_below_is_not():
    raw = {
        ("air", "jila", "completed", "web"): Count(5),
        ("air", "jila", "archived", "web"): Count(4),
    }
    published = merge_small_cells(raw, threshold=5)
    assert published == {
        ("air", "jila", "completed", "web"): Count(5),
        (ANY, ANY, "archived", ANY): Count(4),
    }


@settings(max_examples=150, deadline=None)
@given(raw=cells_strategy, threshold=st.integers(min_value=2, max_value=8))
def test_counts_are_kept_overall_and_per_status(raw, threshold):
    published = merge_small_cells(raw, threshold)
    for status in STATUSES:
        assert sum(c.n for k, c in published.items() if k[2] == status) == sum(
            c.n for k, c in raw.items() if k[2] == status
        )
        assert sum(c.overdue for k, c in published.items() if k[2] == status) == sum(
            c.overdue for k, c in raw.items() if k[2] == status
        )


@settings(max_examples=150, deadline=None)
@given(raw=cells_strategy, threshold=st.integers(min_value=2, max_value=8))
def test_no_published_cell_below_the_threshold_names_anything_but_a_status(raw, threshold):
    for key, count in merge_small_cells(raw, threshold).items():
        if count.n < threshold:
            assert key[0] == key[1] == key[3] == ANY


@settings(max_examples=150, deadline=None)
@given(raw=cells_strategy, threshold=st.integers(min_value=2, max_value=8))
def test_a_merged_cell_cannot_be_told_apart_by_differencing(raw, threshold):
    """Every merged cell above the last level is made of at least two finer groups each under
    the threshold, so neither the cell nor any total built from published cells (the centre only
    ever sums them) tells how a small group splits; and no small raw cell is published as it is."""
    target = assign(raw, threshold)
    members: dict[tuple, list[tuple]] = defaultdict(list)
    for raw_key, published in target.items():
        members[published].append(raw_key)
    for published, parts in members.items():
        level = _level(published)
        if level == 0:
            assert len(parts) == 1 and raw[parts[0]].n >= threshold
            continue
        # each part was too small on its own at the level above
        finer = LEVELS[level - 1]
        groups: dict[tuple, int] = defaultdict(int)
        for k in parts:
            groups[tuple(v if keep else ANY for v, keep in zip(k, finer, strict=True))] += raw[k].n
        assert all(n < threshold for n in groups.values())
        if level < len(LEVELS) - 1:
            assert len(groups) >= 2
    for raw_key, count in raw.items():
        if count.n < threshold:
            assert target[raw_key] != raw_key


def test_ratings_are_published_only_where_enough_and_the_rest_is_never_a_few():
    ratings = {"dinkes": Ratings(12, 50), "pupr": Ratings(7, 21), "dishub": Ratings(1, 1)}
    shown, region = publishable_ratings(ratings, threshold=5)
    # dishub's one rating alone would be the region's total minus the others: pupr goes too
    assert set(shown) == {"dinkes"}
    assert region == Ratings(20, 72)
    assert region.count - shown["dinkes"].count == 8
    # a region with fewer ratings than the threshold publishes none, not even its total
    assert publishable_ratings({"dinkes": Ratings(4, 20)}, threshold=5) == ({}, None)


@settings(max_examples=150, deadline=None)
@given(
    counts=st.dictionaries(
        st.sampled_from(("a", "b", "c", "d", "e")), st.integers(min_value=1, max_value=15)
    ),
    threshold=st.integers(min_value=2, max_value=8),
)
def test_the_ratings_left_out_are_none_or_at_least_the_threshold(counts, threshold):
    ratings = {a: Ratings(n, 3 * n) for a, n in counts.items()}
    shown, region = publishable_ratings(ratings, threshold)
    assert all(r.count >= threshold for r in shown.values())
    if region is None:
        assert not shown and sum(counts.values()) < threshold
        return
    assert region.count == sum(counts.values()) >= threshold
    hidden = region.count - sum(r.count for r in shown.values())
    assert hidden == 0 or hidden >= threshold
