"""Synthetic worksheets of a given size for the benchmarks (deterministic)."""

from __future__ import annotations

import json
import random

LEVELS = ["low", "medium", "high"]
RATINGS = ["CC", "C", "N", "I", "II", "NA"]
TYPES = ["HUMINT", "SIGINT", "IMINT", "OSINT", "assumption"]


def worksheet_json(items: int, hypotheses: int, seed: int = 1) -> str:
    """The JSON interchange form of a fully rated items x hypotheses worksheet."""
    rnd = random.Random(seed)
    hyps = [{"id": f"H{j + 1}", "title": f"Hypothesis {j + 1}"} for j in range(hypotheses)]
    evidence = [
        {
            "id": f"E{i + 1}",
            "title": f"Evidence item {i + 1} reported by source {rnd.randint(1, 99)}",
            "description": "Synthetic benchmark item. " * rnd.randint(0, 6),
            "source": f"Source {rnd.randint(1, 40)}",
            "date": f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "type": rnd.choice(TYPES),
            "credibility": rnd.choice(LEVELS),
            "relevance": rnd.choice(LEVELS),
        }
        for i in range(items)
    ]
    ratings = [
        {"evidence": e["id"], "hypothesis": h["id"], "rating": rnd.choice(RATINGS)}
        for e in evidence
        for h in hyps
    ]
    return json.dumps(
        {
            "format": "ach-worksheet",
            "version": 1,
            "title": f"Benchmark {items}x{hypotheses}",
            "hypotheses": hyps,
            "evidence": evidence,
            "ratings": ratings,
        }
    )
