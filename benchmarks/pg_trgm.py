"""pg_trgm as the peer of our posting lists on PostgreSQL: trigram candidates, alone or re-scored exactly.

Run by ``benchmarks/lookup.py --backend postgresql`` on its copy of a workspace (``measure`` in a fresh process):
a GIN index (``gin_trgm_ops``) on ``variant.text`` is made once, then for each similarity threshold ``t``
(``pg_trgm.similarity_threshold``, which the ``%`` operator uses, so the index serves it) and each query:

- ``trgm``: pg_trgm alone, the ``limit`` variants in the source language (of units with a target variant)
  that ``%`` finds, ordered by ``similarity()`` (newer first among equals);
- ``rescore``: every variant ``%`` finds, scored in Python as the lookup scores (token Levenshtein, then
  ``memories.index.scoring.score_from``'s penalties) and ranked as the lookup ranks: the exhaustive scan
  restricted to pg_trgm's candidates, so its answers are exact whenever the candidates hold the best matches.

Latency is the wall time of the query and, for ``rescore``, of the re-scoring.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any

INDEX = "variant_text_trgm"


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def rescore(text: str, rows: Sequence[tuple[int, int, str]], min_score: int, limit: int) -> list[int]:
    """The ids of the best ``limit`` of ``rows`` (variant id, unit id, text) for ``text``, scored and ranked
    exactly as ``memories.index.lookup`` scores and ranks (the exhaustive scan's code, on these rows only)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from memories.index.lookup import _CUTOFF_SLACK, _Candidate, _Ranking
    from memories.index.scoring import score_from
    from memories.tokens import search_keys, search_tokens

    query_tokens = search_tokens(text)
    if not query_tokens or not rows:
        return []
    codes: dict[str, str] = {}

    def encode(keys: Sequence[str]) -> str:
        out = []
        for key in keys:
            code = codes.get(key)
            if code is None:
                number = len(codes) + 0x100
                code = codes[key] = chr(number + 0x800 if number >= 0xD800 else number)
            out.append(code)
        return "".join(out)

    query = encode([t.key for t in query_tokens])
    choices = [encode(search_keys(row[2])) for row in rows]
    ranking = _Ranking(limit, max(min_score, 1))
    hits = process.extract(
        query,
        choices,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=max(min_score, 1) / 100 - _CUTOFF_SLACK,
        limit=None,
    )
    for _, sim, index in hits:
        variant_id, unit_id, found = rows[index]
        score = score_from(text, query_tokens, found, search_tokens(found), sim)
        ranking.offer(_Candidate(variant_id, unit_id, found, score))
    return [c.variant_id for c in ranking.best()]


def measure(
    url: str, queries: list[str], min_score: int, thresholds: list[float], limit: int = 5
) -> dict[str, Any]:
    """The index's build time and size, then per threshold and mode: p50/p95, answers, candidate counts."""
    import psycopg

    from memories.langs import same_language

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        conn.execute("SET search_path TO glossary, public")
        exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"glossary.{INDEX}",)).fetchone()
        started = time.perf_counter()
        if not (exists and exists[0]):
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute(f"CREATE INDEX {INDEX} ON variant USING gin (text gin_trgm_ops)")
            conn.execute("ANALYZE variant")
        index_s = time.perf_counter() - started
        size = conn.execute("SELECT pg_relation_size(%s::regclass)", (f"glossary.{INDEX}",)).fetchone()
        langs = [r[0] for r in conn.execute("SELECT DISTINCT lang FROM variant")]
        sources = [lang for lang in langs if same_language(lang, "en")]
        targets = [lang for lang in langs if same_language(lang, "zh-CN")]
        where = """v.text %% %s AND v.lang = ANY(%s)
                   AND EXISTS (SELECT 1 FROM variant t WHERE t.tu_id = v.tu_id AND t.lang = ANY(%s))"""
        alone = f"""SELECT v.id, count(*) OVER () FROM variant v WHERE {where}
                    ORDER BY similarity(v.text, %s) DESC, v.id DESC LIMIT {int(limit)}"""
        candidates = f"SELECT v.id, v.tu_id, v.text FROM variant v WHERE {where}"
        conn.execute(alone, (queries[0], sources, targets, queries[0])).fetchall()  # warm the cache once
        runs = []
        for threshold in thresholds:
            conn.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", (str(threshold),))
            for mode in ("trgm", "rescore"):
                times: list[float] = []
                results: list[list[int]] = []
                counts: list[int] = []
                for q in queries:
                    t = time.perf_counter()
                    if mode == "trgm":
                        rows = conn.execute(alone, (q, sources, targets, q)).fetchall()
                        results.append([r[0] for r in rows])
                        counts.append(int(rows[0][1]) if rows else 0)
                    else:
                        found = conn.execute(candidates, (q, sources, targets)).fetchall()
                        results.append(rescore(q, found, min_score, limit))
                        counts.append(len(found))
                    times.append(time.perf_counter() - t)
                p50, p95 = _percentiles(times)
                runs.append(
                    {
                        "mode": mode,
                        "threshold": threshold,
                        "p50_ms": p50,
                        "p95_ms": p95,
                        "results": results,
                        "candidates_p50": statistics.median(counts),
                    }
                )
    return {"index_s": index_s, "index_mib": int(size[0]) / 2**20 if size else 0.0, "runs": runs}
