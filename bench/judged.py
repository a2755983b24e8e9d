"""The judged query set's figures (search/judgments/): success at 3 and nDCG at 5 over the
resident queries, on the database the settings point at (seed it with `manage.py seed_demo`).

    uv run python bench/judged.py [-v]

-v lists every query with its first results. Takes a few seconds; not a speed benchmark.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from search.judgments import evaluate

    summary = evaluate()
    verbose = "-v" in sys.argv
    failing = []
    for outcome in summary.outcomes:
        mark = "ok " if outcome.success_at_3 else "MISS"
        if not outcome.success_at_3:
            failing.append(outcome.judged.id)
        if verbose:
            print(f"{mark} {outcome.judged.id:28} ndcg@5={outcome.ndcg_at_5:.2f} {outcome.top[:3]}")
    print(f"queries: {len(summary.outcomes)}")
    print(f"success@3: {summary.success_at_3:.3f}")
    print(f"nDCG@5: {summary.ndcg_at_5:.3f}")
    print("failing:", " ".join(failing))


if __name__ == "__main__":
    main()
