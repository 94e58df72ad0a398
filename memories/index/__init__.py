"""The search index of the translation memory: fuzzy lookup and concordance, and the score they give.

Modules, one job each: ``codec`` (how postings, terms and lengths are encoded), ``writer`` (the index's tables,
their migrations, the postings an import adds), ``reader`` (what the index asks of a workspace: the interface
``memories.store`` implements), ``scoring`` (the fuzzy match score of two texts, pure), ``lookup`` (the best
matches of a segment, and the ``ExhaustiveScan`` they are checked against), ``concordance``. Import from the
modules (``from memories.index.lookup import lookup``). An inverted index finds the candidates, rapidfuzz
scores them exactly: the results equal an exhaustive scan.
"""
