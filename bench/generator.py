"""A fast generator of many realistic published organisations, for benchmarks (bench/run.py).

    from bench.generator import build_organisations
    build_organisations(count=100_000, seed=7)

Rows are built in memory and written with bulk INSERTs in batches (organisations, then the
many-to-many through rows), then their search entries, computed in Python.
"""

from __future__ import annotations

import random

from django.utils import timezone

from organisations.demo.builder import CATEGORY_WEIGHTS, Builder, Context, Identifiers, insert_rows

CHUNK = 5000


def build_organisations(*, count: int, seed: int = 1, area_slug: str = "keski-suomi") -> int:
    """Bulk-create `count` additional published organisations in the area; return how many."""
    rng = random.Random(seed)
    builder = Builder(
        context=Context.load(area_slug),
        identifiers=Identifiers.load(),
        rng=rng,
        now=timezone.now(),
    )
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    created = 0
    while created < count:
        size = min(CHUNK, count - created)
        # Few attempts at a fresh name: in large sets names repeat, as they do in real life.
        rows = [
            builder.make_random(rng.choices(categories, weights)[0], attempts=3)
            for _ in range(size)
        ]
        created += insert_rows(rows)
    return created
