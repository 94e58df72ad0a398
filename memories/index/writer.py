"""Writing the search index: its tables and their migrations, and the postings an import or an edit adds.

The index (tables ``search_term``, ``search_posting`` and ``search_form``, written here, read through
``memories.index.reader``): one posting list per (language, token) holding the variants that contain the
token. A posting is one int64: the variant id, how many times the variant holds the token and the variant's
token count (``posting()``). Lists are stored in length buckets (exact up to 8 tokens, then about 10 % wide),
so that a lookup reads only the postings of plausible lengths (a term with few postings keeps them in one
chunk of every length, ``ALL_LENGTHS``, which every read includes: a row costs more than the few postings it
holds); and each variant's tokens are kept coded as one character per term, which rapidfuzz compares as a
string. Imports buffer postings and write them as blobs when the transaction commits (one more chunk per term
and bucket; a term's chunks are merged once they pile up), so an import, an edit or a delete never rebuilds
the index, and opening a workspace loads nothing: a lookup reads the few posting lists it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from memories.db.base import Connection
from memories.index.codec import (
    ALL_LENGTHS,
    MAX_LENGTH_CODE,
    POSTING_ID_SHIFT,
    buckets_of_lengths,
    language_key,
    term_code,
    term_key,
)
from memories.schema import register_migration, run_script
from memories.tokens import NUMBER, key_of, raw_tokens

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = ["TABLES", "CreateTerms", "IndexWriter", "Prepared", "create", "fill", "recount", "tables_exist"]

TABLES = ("search_posting", "search_form", "search_term", "search_language")


def tables_exist(conn: Connection) -> bool:
    return conn.table_exists("search_term")


@register_migration("index", "search index")
def _create_search_index(conn: Connection) -> None:
    """The index's tables (``create``): a workspace whose ``memories`` component made them keeps them as they
    are."""
    create(conn)


def create(conn: Connection) -> None:
    """The index's tables, filled from what is stored, unless they exist. Until issue 12 they were the
    ``memories`` component's second migration, which still calls this for a workspace older than it."""
    if tables_exist(conn):
        return
    run_script(
        conn,
        """
        CREATE TABLE search_term (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,      -- language key, U+001F, search token
            df INTEGER NOT NULL DEFAULT 0  -- postings written (stale ones included): orders the reading
        );
        CREATE TABLE search_posting (
            term_id INTEGER NOT NULL,
            bucket INTEGER NOT NULL,       -- length bucket of the variants in this chunk
            n INTEGER NOT NULL,
            ids BLOB NOT NULL              -- little-endian int64: variant id << 8 | token count (max 255)
        );
        CREATE INDEX search_posting_term ON search_posting(term_id, bucket);
        CREATE TABLE search_form (
            variant_id INTEGER PRIMARY KEY REFERENCES variant(id) ON DELETE CASCADE,
            codes TEXT NOT NULL            -- the variant's search tokens, one character (term_code) each
        );
        CREATE TABLE search_language (key TEXT PRIMARY KEY)
        """,
    )
    fill(conn)


def recount(conn: Connection) -> None:
    """Write the postings again from the stored search codes, without tokenising the segments again: postings
    carry how many times the variant holds the term since the ``memories`` component's fourth migration."""
    conn.execute("DELETE FROM search_posting")
    conn.execute("UPDATE search_term SET df = 0")
    writer = IndexWriter()
    last = 0
    while True:
        rows = conn.execute(
            "SELECT variant_id, codes FROM search_form WHERE variant_id > ? ORDER BY variant_id LIMIT 20000",
            (last,),
        ).fetchall()
        if not rows:
            break
        writer.add_codes([r[0] for r in rows], [r[1] for r in rows])
        last = rows[-1][0]
        if writer.size >= IndexWriter.FLUSH_AT:
            writer.flush(conn)
    writer.flush(conn)


def fill(conn: Connection) -> None:
    """Index every variant stored (the index tables are empty)."""
    writer = IndexWriter()
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, lang, text FROM variant WHERE id > ? ORDER BY id LIMIT 10000", (last,)
        ).fetchall()
        if not rows:
            break
        writer.add_many(conn, rows)
        last = rows[-1][0]
        if writer.size >= IndexWriter.FLUSH_AT:
            writer.flush(conn)
    writer.flush(conn)


CreateTerms = Callable[[str, list[str], dict[str, str]], None]
"""Given a language key and keys whose codes a writer lacks, put a code for each in the dict (token -> code)."""


class Prepared(NamedTuple):
    """Postings ready to be stored (``IndexWriter.prepare``): what a flush writes."""

    languages: tuple[str, ...]
    chunks: list[tuple[int, int, int, bytes]]
    """(term id, bucket, postings, blob) rows of ``search_posting``."""
    terms: list[int]
    """The terms these postings are of, in id order..."""
    counts: list[int]
    """... and how many postings each has here (added to ``search_term.df``)."""


_POSITION_BITS = 36
_POSITION_MASK = (1 << _POSITION_BITS) - 1


class _RawCodes(dict[str, str]):
    """Term codes of tokens as written, for one language. A number not in it takes the code of ``NUMBER`` (the
    key of every number) without a miss: most numbers of a memory are new (dates, symbols, paragraphs), and a
    miss sends the whole text through the slow path of ``IndexWriter.add_many``."""

    def __init__(self, terms: dict[str, str]) -> None:
        super().__init__()
        self.terms = terms  # the language's codes by key, which _resolve fills

    def __missing__(self, raw: str) -> str:
        if raw[0].isdigit():
            code = self.terms.get(NUMBER)
            if code is not None:
                return code
        raise KeyError(raw)


class IndexWriter:
    """Postings waiting for the end of the transaction, written as one chunk per term and length bucket."""

    FLUSH_AT = 2_000_000  # postings held in memory (16 bytes each) before a big import writes chunks
    MERGE_AT = 8  # chunks of one term and bucket before they are merged into one
    SPLIT_AT = 256  # postings from which a term's chunk is split by length bucket

    def __init__(self) -> None:
        self.keys: list[Array] = []
        """Per batch of variants: the key of each posting (``term_id << 6 | bucket``), beside ``postings``."""
        self.postings: list[Array] = []
        self.languages: set[str] = set()
        self.size = 0
        self.terms: dict[str, dict[str, str]] = {}
        """Term codes per language key already known to this connection; forgotten on rollback, which may
        undo new terms."""
        self.raw: dict[str, _RawCodes] = {}
        """Term codes per language key and token as written (``raw_tokens``): one dict lookup per token
        instead of folding it first. Emptied when it grows large (numbers make it grow without end)."""

    RAW_CACHE = 200_000

    def _resolve(self, lang_key: str, raws: set[str], create: CreateTerms) -> None:
        """Put the codes of tokens not seen before in the raw cache; ``create`` gives the terms of the keys this
        writer does not know their codes (reading the index, or creating the terms it lacks)."""
        terms = self.terms.setdefault(lang_key, {})
        keys = dict(zip(raws, map(key_of, raws), strict=True))
        unknown = sorted(set(keys.values()).difference(terms))
        if unknown:
            create(lang_key, unknown, terms)
        cache = self.raw[lang_key]
        for raw, key in keys.items():
            cache[raw] = terms[key]

    @staticmethod
    def in_database(conn: Connection) -> CreateTerms:
        """Terms as the workspace holds them: the keys it has are read, the others created (a few statements
        per batch rather than two per new word)."""

        def create(lang_key: str, unknown: list[str], terms: dict[str, str]) -> None:
            prefix = term_key(lang_key, "")  # the key of each term is this and its token (term_key, inlined)
            for start in range(0, len(unknown), 500):
                part = [prefix + k for k in unknown[start : start + 500]]
                marks = ",".join("?" * len(part))
                for key, term_id in conn.execute(
                    f"SELECT key, id FROM search_term WHERE key IN ({marks})", part
                ):
                    terms[key.partition("\x1f")[2]] = term_code(term_id)
            new = [k for k in unknown if k not in terms]
            if new:
                # This transaction holds the write lock: max + 1 is the id SQLite would give.
                first = int(conn.execute("SELECT coalesce(max(id), 0) FROM search_term").fetchone()[0]) + 1
                IndexWriter.write_terms(conn, [(first + n, prefix + k) for n, k in enumerate(new)])
                for n, k in enumerate(new):
                    terms[k] = term_code(first + n)

        return create

    @staticmethod
    def write_terms(conn: Connection, terms: Sequence[tuple[int, str]]) -> None:
        """Create index terms: (id, key) pairs, numbered by whoever holds the numbering (``in_database``, or a
        large import's coding process)."""
        conn.executemany("INSERT INTO search_term(id, key) VALUES (?, ?)", terms)

    def add(self, conn: Connection, variant_id: int, lang: str, text: str) -> None:
        self.add_many(conn, [(variant_id, lang, text)])

    def add_many(self, conn: Connection, variants: Sequence[tuple[int, str, str]]) -> None:
        """Index (variant id, language, text) triples: their search codes now, their postings at the flush."""
        ids = [v[0] for v in variants]
        coded = self.code(variants, self.in_database(conn))
        self.write_codes(conn, ids, coded)
        self.add_codes(ids, coded)

    @staticmethod
    def write_codes(conn: Connection, variant_ids: Sequence[int], coded: Sequence[str]) -> None:
        conn.executemany(
            "INSERT INTO search_form(variant_id, codes) VALUES (?, ?)"
            " ON CONFLICT (variant_id) DO UPDATE SET codes = excluded.codes",
            zip(variant_ids, coded, strict=True),
        )

    def code(self, variants: Iterable[tuple[int, str, str]], create: CreateTerms) -> list[str]:
        """The search codes of (variant id, language, text) triples, one character per token (``term_code``);
        ``create`` gives the codes of keys this writer has not met yet (``in_database``, or the coding process's
        own numbering, ``memories.index.coder``)."""
        coded: list[str] = []
        later: list[tuple[int, str, list[str]]] = []  # texts holding a token not seen yet: coded below
        missing: dict[str, set[str]] = {}
        known = self.raw
        for cached in known.values():
            if len(cached) >= self.RAW_CACHE:
                cached.clear()
        for _, lang, text in variants:
            lang_key = language_key(lang)
            codes_of = known.get(lang_key)
            if codes_of is None:
                codes_of = known[lang_key] = _RawCodes(self.terms.setdefault(lang_key, {}))
            raws = raw_tokens(text)
            try:
                coded.append("".join(map(codes_of.__getitem__, raws)))
            except KeyError:
                missing.setdefault(lang_key, set()).update(raw for raw in raws if raw not in codes_of)
                later.append((len(coded), lang_key, raws))
                coded.append("")
            if raws:
                self.languages.add(lang_key)
        for lang_key, raw_set in missing.items():
            self._resolve(lang_key, raw_set, create)
        for index, lang_key, raws in later:
            coded[index] = "".join(map(known[lang_key].__getitem__, raws))
        return coded

    def add_codes(self, variant_ids: Sequence[int], coded: Sequence[str]) -> None:
        """Postings of variants from their search codes: one per variant and distinct term, with the term's
        count. Done for a whole batch at once in numpy: a Counter per variant cost more than the tokenising."""
        import numpy as np

        joined = "".join(coded)
        if not joined:
            return
        points = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.int64)
        term_ids = np.where(points < 0xD800, points, points - 0x800)  # term_id_of, for every code at once
        lengths = np.fromiter(map(len, coded), dtype=np.int64, count=len(coded))
        owner = np.repeat(np.arange(len(coded), dtype=np.int64), lengths)
        # One posting per (variant, term); sorted by variant first, so each term's postings stay in id order.
        pairs, counts = np.unique(owner << 32 | term_ids, return_counts=True)
        owner, term_ids = pairs >> 32, pairs & 0xFFFFFFFF
        length = lengths[owner]
        ids = np.asarray(variant_ids, dtype=np.int64)[owner]
        capped = np.minimum(length, MAX_LENGTH_CODE)
        self.postings.append(ids << POSTING_ID_SHIFT | np.minimum(counts, 255) << 8 | capped)
        self.keys.append(term_ids << 6 | buckets_of_lengths()[capped])
        self.size += len(joined)

    def clear(self) -> None:
        self.keys.clear()
        self.postings.clear()
        self.languages.clear()
        self.size = 0

    def forget_terms(self) -> None:
        self.terms.clear()
        self.raw.clear()

    def flush(self, conn: Connection) -> None:
        self.write(conn, self.prepare())

    def prepare(self) -> Prepared:
        """The postings held, as the rows ``write`` stores (the part of a flush that needs no database: the
        coding process of a large import prepares them); the writer is emptied."""
        import numpy as np

        if not self.keys:
            prepared = Prepared(tuple(sorted(self.languages)), [], [], [])
            self.clear()
            return prepared
        keys = np.concatenate(self.keys)
        # A term with few postings in this round gets one chunk for every length (ALL_LENGTHS) instead of
        # one per bucket: rows cost more than the few postings a lookup reads beyond its lengths.
        term_ids = keys >> 6
        per_term = np.bincount(term_ids)
        few = per_term[term_ids] < self.SPLIT_AT
        keys[few] = term_ids[few] << 6 | ALL_LENGTHS
        # A term's postings must stay in the order they came: each key is sorted with its position below it, a
        # plain sort of distinct numbers (several times faster than numpy's stable argsort). Keys take 27 bits
        # (term ids below 0x110000, then the bucket's 6), positions the 36 below them.
        order = np.sort(keys << _POSITION_BITS | np.arange(keys.size, dtype=np.int64)) & _POSITION_MASK
        keys = keys[order]
        blob = np.concatenate(self.postings)[order].astype("<i8").tobytes()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], keys.size]
        chunks = [
            (key >> 6, key & 63, end - begin, blob[begin * 8 : end * 8])
            for key, begin, end in zip(keys[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)
        ]
        written = np.flatnonzero(per_term)  # the terms of this round, in id order, and their postings
        prepared = Prepared(
            tuple(sorted(self.languages)), chunks, written.tolist(), per_term[written].tolist()
        )
        self.clear()
        return prepared

    def write(self, conn: Connection, prepared: Prepared, merge: bool = True) -> None:
        """Store prepared postings: one chunk more per term and bucket, the terms' counts, and (``merge``) the
        chunks of terms that have piled up merged (``merge_piled``)."""
        conn.executemany(
            "INSERT INTO search_language(key) VALUES (?) ON CONFLICT (key) DO NOTHING",
            [(k,) for k in prepared.languages],
        )
        if not prepared.chunks:
            return
        conn.executemany(
            "INSERT INTO search_posting(term_id, bucket, n, ids) VALUES (?, ?, ?, ?)", prepared.chunks
        )
        conn.executemany(
            "UPDATE search_term SET df = df + ? WHERE id = ?",
            zip(prepared.counts, prepared.terms, strict=True),
        )
        if merge:
            self.merge_piled(conn, prepared.terms)

    def merge_piled(self, conn: Connection, term_ids: Sequence[int]) -> None:
        """Merge the chunks of these terms where more than ``MERGE_AT`` of one length bucket have piled up."""
        # Every transaction appends a chunk; merging keeps a term's chunks few, so reading stays one query.
        # Rows are named by SQLite's rowid, or by PostgreSQL's row address (ctid), which stays put for as long
        # as this transaction holds the write lock.
        row_id = "rowid" if conn.dialect == "sqlite" else "ctid"
        for start in range(0, len(term_ids), 500):
            part = term_ids[start : start + 500]
            marks = ",".join("?" * len(part))
            piled = conn.execute(
                f"""SELECT term_id, bucket FROM search_posting WHERE term_id IN ({marks})
                    GROUP BY term_id, bucket HAVING count(*) > {self.MERGE_AT}""",
                part,
            ).fetchall()
            for term_id, bucket in piled:
                rows = conn.execute(
                    f"SELECT {row_id}, ids FROM search_posting WHERE term_id = ? AND bucket = ? ORDER BY {row_id}",
                    (term_id, bucket),
                ).fetchall()
                largest = max(rows, key=lambda r: len(r[1]))
                if len(largest[1]) > sum(len(r[1]) for r in rows) - len(largest[1]):
                    # Size-tiered: a chunk larger than all the others together stays as it is, so that a
                    # posting is rewritten a few times over a long import, not at every merge.
                    rows = [r for r in rows if r is not largest]
                blob = b"".join(r[1] for r in rows)
                conn.executemany(f"DELETE FROM search_posting WHERE {row_id} = ?", [(r[0],) for r in rows])
                conn.executemany(
                    "INSERT INTO search_posting(term_id, bucket, n, ids) VALUES (?, ?, ?, ?)",
                    self._chunks(term_id, bucket, blob),
                )

    def _chunks(self, term_id: int, bucket: int, blob: bytes) -> list[tuple[int, int, int, bytes]]:
        """Merged postings as rows: one, unless the term's all-lengths chunk has grown enough to be split."""
        import numpy as np

        if bucket != ALL_LENGTHS or len(blob) // 8 < self.SPLIT_AT:
            return [(term_id, bucket, len(blob) // 8, blob)]
        postings = np.frombuffer(blob, dtype="<i8")
        buckets = buckets_of_lengths()[postings & 0xFF]
        order = np.argsort(buckets, kind="stable")
        postings, buckets = postings[order], buckets[order]
        starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
        ends = np.r_[starts[1:], buckets.size]
        return [
            (term_id, int(buckets[a]), int(b - a), postings[a:b].tobytes())
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        ]

    def rebuild(self, conn: Connection) -> None:
        """Index every variant again from scratch, dropping stale postings (never needed for correctness)."""
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        self.clear()
        self.forget_terms()
        fill(conn)
