"""`jixiao score` gives the shared goldcheck tool's figures, misses included, line for line: on the seeds'
warehouse against ../shared/gold and on the real disclosures' warehouse against ../shared/real/gold."""

from __future__ import annotations

import pytest

from tests.conftest import GOLD, GOLDCHECK, REAL_DOCS, REAL_GOLD, SEEDS, goldcheck, requires_shared, score

ORIGINS = [(), ("--origin", "table"), ("--origin", "prose")]


@requires_shared(SEEDS, GOLD, GOLDCHECK)
@pytest.mark.parametrize("origin", ORIGINS, ids=["all", "table", "prose"])
def test_seeds_score_equals_goldcheck(seeds_warehouse, origin):
    *_, ours = score(seeds_warehouse, "--show-misses", *origin, gold=GOLD)
    *_, reference = goldcheck(seeds_warehouse, "--show-misses", *origin, gold=GOLD)
    assert ours.splitlines() == reference.splitlines()
    assert "fct_budget_execution" in ours


@requires_shared(REAL_DOCS, REAL_GOLD, GOLDCHECK)
@pytest.mark.parametrize("origin", ORIGINS, ids=["all", "table", "prose"])
def test_real_disclosures_score_equals_goldcheck(real_warehouse, origin):
    recall, wrong, ours = score(real_warehouse, "--show-misses", *origin, gold=REAL_GOLD)
    reference_recall, reference_wrong, reference = goldcheck(
        real_warehouse, "--show-misses", *origin, gold=REAL_GOLD
    )
    assert ours.splitlines() == reference.splitlines()
    assert (recall, wrong) == (reference_recall, reference_wrong)
    # misses of every kind (missing, wrong, failed lookups) are listed exactly when the recall falls short
    assert ("MISS" in ours) == (recall < 1.0)
