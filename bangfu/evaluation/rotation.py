"""The cross-check rotation (区(市)县轮换交叉检查, seed §五(四)3): who checks whom each year.

Pure Python (no Django), so that it can be tested on its own. `propose(counties, year,
previous)` returns {checker: checked} such that

- every county is checked by exactly one other county and checks exactly one (a permutation
  without fixed points, a derangement);
- nobody checks itself;
- no checker → checked pair of the previous year comes back, whenever some assignment
  avoids all of them — always for 3 counties or more. With 2 counties the only assignment is
  A → B, B → A every year: it is returned, repeated (there is no other);
- where possible it also avoids the reverse of last year's pairs (B checking A the year after
  A checked B), so that two counties do not simply swap roles; this is a preference, dropped
  when no assignment keeps it (3 counties: the only other round is last year's reversed);
- deterministic: the same counties, year and previous assignment give the same proposal.

How: the counties in sorted order, each checks the one `k` places further round the circle
(a cyclic shift: a single round in which everybody checks and is checked once). The shift for
the year is tried first, then the others; a shift is taken when it repeats none of last year's
pairs. When last year's assignment was adjusted so that every shift repeats a pair, a
matching (augmenting paths, in the same deterministic order) finds an assignment among the
allowed pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence


class RotationError(ValueError):
    """The rotation cannot be proposed (fewer than two counties, duplicate counties)."""


def _shift_order(n: int, year: int) -> list[int]:
    """Shifts 1 … n−1, starting with the year's own so that the rounds rotate over years."""
    first = year % (n - 1) + 1
    return [(first - 1 + i) % (n - 1) + 1 for i in range(n - 1)]


def _match(
    counties: Sequence[Hashable], allowed, preference: Sequence[int]
) -> dict[Hashable, Hashable] | None:
    """A perfect matching checker → checked among allowed(i, j) pairs (Kuhn's augmenting
    paths), candidates tried in the order of `preference` (shifts); None when there is none."""
    n = len(counties)
    owner: list[int | None] = [None] * n  # checked index -> checker index

    def candidates(i: int):
        for k in preference:
            j = (i + k) % n
            if allowed(i, j):
                yield j

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates(i):
            if j in seen:
                continue
            seen.add(j)
            if owner[j] is None or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n):
        if not augment(i, set()):
            return None
    return {counties[owner[j]]: counties[j] for j in range(n)}


def propose(
    counties: Iterable[Hashable], year: int, previous: Mapping[Hashable, Hashable] | None = None
) -> dict[Hashable, Hashable]:
    """{checker: checked} for `year`, given last year's {checker: checked} (may be empty or
    name counties that are gone)."""
    ordered = sorted(counties)
    n = len(ordered)
    if len(set(ordered)) != n:
        raise RotationError("duplicate counties")
    if n < 2:
        raise RotationError("a cross-check needs at least two counties")
    index = {c: i for i, c in enumerate(ordered)}
    repeated = {
        (index[a], index[b])
        for a, b in (previous or {}).items()
        if a in index and b in index and a != b
    }
    reversed_ = {(b, a) for a, b in repeated}
    shifts = _shift_order(n, year)

    def avoids(pairs: set[tuple[int, int]]):
        return lambda i, j: i != j and (i, j) not in pairs

    for forbidden in (repeated | reversed_, repeated):
        allowed = avoids(forbidden)
        for k in shifts:
            if all(allowed(i, (i + k) % n) for i in range(n)):
                return {ordered[i]: ordered[(i + k) % n] for i in range(n)}
        found = _match(ordered, allowed, shifts)
        if found is not None:
            return found
    # Only with two counties (or a previous year that used every pair): repeat.
    k = shifts[0]
    return {ordered[i]: ordered[(i + k) % n] for i in range(n)}


def repeated_pairs(
    current: Mapping[Hashable, Hashable], previous: Mapping[Hashable, Hashable] | None
) -> set[tuple[Hashable, Hashable]]:
    """The checker → checked pairs of `current` that were already last year's."""
    previous = previous or {}
    return {(a, b) for a, b in current.items() if previous.get(a) == b}


def problems(current: Mapping[Hashable, Hashable], counties: Iterable[Hashable]) -> list[str]:
    """What is wrong with an assignment over `counties` (English, for logs and tests): a
    county checking itself, checked twice or not at all."""
    counties = set(counties)
    out = [f"{a} checks itself" for a, b in current.items() if a == b]
    checked = list(current.values())
    out += [f"{c} is checked {checked.count(c)} times" for c in counties if checked.count(c) > 1]
    out += [f"{c} is not checked" for c in sorted(counties - set(checked), key=str)]
    return out
