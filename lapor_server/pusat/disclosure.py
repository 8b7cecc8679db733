"""The disclosure rule of the centre's aggregates: small cells are merged, never published alone.

A regional server counts its reports of one month by (category, distrik, status, channel). A cell
with fewer than `threshold` reports (default 5) could point to a person — one complaint of a
rare kind in a small distrik — so cells are published only at the most detailed level where their
group reaches the threshold, in this order (docs/pusat.md, "The disclosure rule"):

    L0  category × distrik × status × channel
    L1  category × distrik × status            (channel merged: "*")
    L2             distrik × status            (category merged too)
    L3                        status           (the rest of the month, per status)

Each report lands in exactly one published cell. Nothing else is published about those counts:
every total the centre shows (per distrik, per status, per region) is a sum of published cells,
so no total can be subtracted from another to uncover a merged cell (differencing). Only the
status is never merged, so the region's counts per status equal its own `/stats`.

Satisfaction (ratings): the region's total only with at least `threshold` ratings, an OPD's only
with at least `threshold` of its own; when the ratings left out (the region's total minus the
OPDs shown) would be between 1 and `threshold - 1`, the smallest OPD shown is left out too
(complementary suppression), so that rest is 0 or at least the threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5
#: a merged dimension in a published cell
ANY = "*"
#: the dimensions of a cell, in order
DIMENSIONS = ("category", "district", "status", "channel")
#: the levels of generalisation: which dimensions each level keeps (status always)
LEVELS: tuple[tuple[bool, bool, bool, bool], ...] = (
    (True, True, True, True),
    (True, True, True, False),
    (False, True, True, False),
    (False, False, True, False),
)

Key = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Count:
    """Reports in a cell, and how many of them are overdue."""

    n: int
    overdue: int = 0


def _generalise(key: Key, level: tuple[bool, bool, bool, bool]) -> Key:
    return tuple(v if keep else ANY for v, keep in zip(key, level, strict=True))  # type: ignore[return-value]


def assign(cells: Mapping[Key, Count], threshold: int = DEFAULT_THRESHOLD) -> dict[Key, Key]:
    """Which published cell each raw cell goes to: the most detailed level whose group (of the
    cells still unpublished) holds at least `threshold` reports; the last level takes the rest."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    pending = [k for k, c in cells.items() if c.n > 0]
    target: dict[Key, Key] = {}
    for depth, level in enumerate(LEVELS):
        last = depth == len(LEVELS) - 1
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in pending:
            groups[_generalise(key, level)].append(key)
        pending = []
        for group, members in groups.items():
            if last or sum(cells[k].n for k in members) >= threshold:
                target.update(dict.fromkeys(members, group))
            else:
                pending.extend(members)
    return target


def merge_small_cells(
    cells: Mapping[Key, Count], threshold: int = DEFAULT_THRESHOLD
) -> dict[Key, Count]:
    """The published cells (`assign`): their counts add up to exactly the raw counts, also per
    status, and every cell below the last level counts at least `threshold` reports."""
    n: dict[Key, int] = defaultdict(int)
    overdue: dict[Key, int] = defaultdict(int)
    for raw, published in assign(cells, threshold).items():
        n[published] += cells[raw].n
        overdue[published] += cells[raw].overdue
    return {k: Count(n[k], overdue[k]) for k in n}


@dataclass(frozen=True, slots=True)
class Ratings:
    """Satisfaction ratings (1–5) of one OPD: how many and their sum."""

    count: int
    total: int


def publishable_ratings(
    by_agency: Mapping[str, Ratings], threshold: int = DEFAULT_THRESHOLD
) -> tuple[dict[str, Ratings], Ratings | None]:
    """The OPDs whose ratings may be published, and the region's own total (None: fewer than
    `threshold` ratings in all, so nothing is published).

    An OPD is shown with at least `threshold` ratings; then complementary suppression: the
    ratings left out (the region's total minus the OPDs shown) add up to 0 or to at least
    `threshold`, so a subtraction never uncovers a few people's scores."""
    region = Ratings(
        sum(r.count for r in by_agency.values()), sum(r.total for r in by_agency.values())
    )
    if region.count < threshold:
        return {}, None
    shown = {a: r for a, r in by_agency.items() if r.count >= threshold}
    hidden = region.count - sum(r.count for r in shown.values())
    while 0 < hidden < threshold and shown:
        smallest = min(shown, key=lambda a: (shown[a].count, a))
        hidden += shown.pop(smallest).count
    return shown, region


def unpublished_remainder(cells: Iterable[tuple[Key, Count]]) -> int:
    """Reports in published cells whose distrik is merged (shown as "lain-lain")."""
    return sum(c.n for k, c in cells if k[1] == ANY)
