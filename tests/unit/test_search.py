"""Fuzzy lookup and concordance: the score's worked examples, exactness against the exhaustive scan, the index
kept current by edits and deletes, and hostile queries; the memories searched on both back ends (a SQLite file,
a PostgreSQL database) except where a test is about a file."""

from __future__ import annotations

import csv
import random
import sqlite3
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from memories.importer import import_parallel
from memories.index import codec
from memories.index import lookup as index_lookup
from memories.index.concordance import Hit, concordance
from memories.index.lookup import ExhaustiveScan, Match, lookup
from memories.index.reader import Codes
from memories.index.scoring import band, score_texts
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from memories.tokens import search_tokens
from tests.conftest import BACKENDS, edit_words, new_workspace_location, on_both_backends, shared

DEVSET = ("corpora", "unpc-devset-6way")
VIM_FR = ("formats", "po", "test_iso-8859-15.mo")  # Vim's French catalogue: 1,694 gettext messages


@pytest.fixture(autouse=True)
def index_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests hold the index to the exhaustive scan: small memories read it too (no in-memory scan),
    except where a test turns the scan on (``scanning``)."""
    monkeypatch.setattr(index_lookup, "SCAN_BELOW", 0)


@pytest.fixture
def scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_lookup, "SCAN_BELOW", 10**9)


def pair(en: str, zh: str) -> TranslationUnit:
    return TranslationUnit((Variant("en", en), Variant("zh-CN", zh)))


# -- the score (the README's worked examples) -----------------------------------------------------------


def test_one_changed_word_in_a_ten_word_sentence_scores_90() -> None:
    score = score_texts(
        "The delegation welcomed the report of the Secretary-General today.",
        "The delegation welcomed the report of the Secretary-General yesterday.",
    )
    assert len(search_tokens("The delegation welcomed the report of the Secretary-General today.")) == 10
    assert score.shown == 90 and score.penalties == ()
    assert band(score.shown) == "85–94"


def test_only_an_identical_text_scores_100() -> None:
    text = "The Security Council remains actively seized of the matter."
    assert score_texts(text, text).shown == 100
    assert band(100) == "exact"
    assert score_texts(text, text + " ").shown == 99  # whitespace only
    assert score_texts(text, text.replace(".", "!")).shown == 99  # punctuation only


def test_a_case_only_difference_costs_one_point() -> None:
    score = score_texts("The Security Council", "the security council")
    assert score.shown == 99 and score.penalties == ("case",)


def test_a_number_difference_costs_two_points_and_names_the_numbers() -> None:
    score = score_texts("Security Council resolution 2178 (2014)", "Security Council resolution 2249 (2014)")
    assert score.shown == 98
    assert score.numbers == (("2178",), ("2249",))
    assert band(score.shown) == "95–99"


def test_one_changed_character_in_a_chinese_sentence() -> None:
    query = "中方愿同东盟国家一道构建更为紧密的中国东盟命运共同体"  # 26 characters
    match = "中方愿同东盟国家一起构建更为紧密的中国东盟命运共同体"
    assert len(search_tokens(query)) == 26
    score = score_texts(query, match)
    assert score.shown == round(100 * (1 - 1 / 26)) == 96


def test_full_width_and_half_width_forms_compare_equal_but_never_score_100() -> None:
    assert score_texts("ＵＮ　２０３０", "UN 2030").shown == 99


def test_the_index_keys_are_the_tokens_of_the_score_in_every_un_language() -> None:
    # The import cuts texts with faster patterns than search_tokens (ASCII, no unsegmented script): the
    # keys must be the same, or a lookup would miss what the index holds.
    from memories.tokens import key_of, raw_tokens, search_keys

    texts: list[str] = ["ＵＮ　２０３０ Ⅻ ﬁnance", "第 7439 次 会议 ，", "東京でAPEC会議 ๒๕๖๗", "x_y 3,5 ½ ²"]
    for lang in ("ar", "en", "es", "fr", "ru", "zh"):
        texts += shared(*DEVSET, f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
    for text in texts:
        keys = [t.key for t in search_tokens(text)]
        assert search_keys(text) == keys, text
        assert [key_of(raw) for raw in raw_tokens(text)] == keys, text


# -- exactness on real segments -------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def un_workspace(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    folder = shared(*DEVSET)
    ws = Workspace(new_workspace_location(request.param, request, tmp_path_factory.mktemp("un")))
    import_parallel(ws, [folder / "UNv1.0.devset.en", folder / "UNv1.0.devset.zh"])
    yield ws
    ws.close()


def _edited(lines: list[str], count: int, seed: int, by_characters: bool = False) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [w for line in lines[:300] for w in (line if by_characters else line.split())]
    queries: list[str] = []
    while len(queries) < count:
        words = list(rng.choice(lines)) if by_characters else rng.choice(lines).split()
        if len(words) < 4:
            continue
        queries.append(("" if by_characters else " ").join(edit_words(words, rng, vocabulary)))
    return queries


def _unrelated(count: int) -> list[str]:
    with shared("corpora", "wmt-newstest-zh-en", "damo_mt_testsets_zh2en_news_wmt19.csv").open(
        encoding="utf-8", newline=""
    ) as f:
        return [row["1"] for row in csv.DictReader(f)][:count]


def _ranked(matches: list[Match]) -> list[tuple[int, float]]:
    return [(m.variant_id, round(m.value, 9)) for m in matches]


def test_lookup_returns_exactly_the_exhaustive_top_5_on_the_un_devset(un_workspace: Workspace) -> None:
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    queries = _edited(lines, 150, seed=3) + _unrelated(40) + lines[100:110]
    scan = ExhaustiveScan(un_workspace, "en", "zh-CN")
    found_any = 0
    for query in queries:
        ours = lookup(un_workspace, query, "en", "zh-CN", min_score=50, limit=5)
        assert _ranked(ours) == _ranked(scan.lookup(query, 50, 5)), query
        found_any += bool(ours)
    assert found_any >= 150  # the edited segments are found; the test is not comparing empty lists


def test_a_small_memory_scanned_in_memory_gives_exactly_what_the_index_gives(
    un_workspace: Workspace, scanning: None
) -> None:
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    queries = _edited(lines, 60, seed=41) + _unrelated(10) + lines[200:205]
    scan = ExhaustiveScan(un_workspace, "en", "zh-CN")
    lookup(un_workspace, queries[0])  # the first lookup reads the index and notes the memory's state
    for query in queries:
        assert _ranked(lookup(un_workspace, query)) == _ranked(scan.lookup(query)), query
        assert _ranked(lookup(un_workspace, query, min_score=30, limit=12)) == _ranked(
            scan.lookup(query, 30, 12)
        ), query
    cached = index_lookup._forms[un_workspace].cached  # the scan did run: its codes are held
    assert len(cached[(codec.language_key("en"), codec.language_key("zh-CN"))].forms.ids) == 4000


def test_a_scanned_memory_sees_an_edit_at_the_very_next_lookup(workspace: Workspace, scanning: None) -> None:
    units = [
        pair(
            f"The Committee adopted draft resolution {n} without a vote.", f"委员会未经表决通过决议草案{n}。"
        )
        for n in range(40)
    ]
    ids = workspace.add_batch(units)
    query = "The Committee adopted the draft decision without a vote."
    first = lookup(workspace, query, limit=3)
    assert lookup(workspace, query, limit=3) == first  # the second lookup scans
    edited = ids[5]
    assert edited is not None
    workspace.update_variant(edited, "en", query)
    assert lookup(workspace, query, limit=1)[0].unit.id == edited  # changed: read from the index
    assert lookup(workspace, query, limit=1)[0].score == 100  # and from the scan, loaded again
    workspace.delete_unit(edited)
    assert edited not in [m.unit.id for m in lookup(workspace, query, limit=40, min_score=1)]


@on_both_backends
def test_a_scanned_memory_sees_what_another_connection_imports(workspace: Workspace, scanning: None) -> None:
    # The scan holds the memory's texts, codes and the language's terms: a unit another connection adds,
    # with words the memory never held, must be found (and shown) at the next lookup and after the reload.
    workspace.add_batch(
        [
            pair(f"The Committee adopted draft resolution {n} without a vote.", f"决议草案{n}。")
            for n in range(30)
        ]
    )
    query = "The Assembly welcomed the ceasefire agreement signed in Khartoum."
    assert lookup(workspace, query) == []
    assert lookup(workspace, query) == []  # the second lookup scans what it now holds
    other = Workspace(workspace.location)
    try:
        (added,) = other.add_batch([pair(query, "大会欢迎在喀土穆签署的停火协定。")])
    finally:
        other.close()
    for _ in range(3):  # read from the index, then from the scan, loaded again, then as held
        (match,) = lookup(workspace, query)
        assert (match.unit.id, match.score, match.source.text) == (added, 100, query)
        assert match.target is not None and match.target.text == "大会欢迎在喀土穆签署的停火协定。"
    held = index_lookup._forms[workspace].cached[(codec.language_key("en"), codec.language_key("zh-CN"))]
    assert added in held.forms.unit_ids  # the last lookups did scan what is held


def test_lower_thresholds_and_longer_lists_stay_exact(un_workspace: Workspace) -> None:
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    scan = ExhaustiveScan(un_workspace, "en", "zh-CN")
    for query in _edited(lines, 25, seed=11) + _unrelated(10):
        assert _ranked(lookup(un_workspace, query, "en", "zh-CN", 30, 20)) == _ranked(
            scan.lookup(query, 30, 20)
        )


def test_chinese_queries_find_zh_variants_exactly(un_workspace: Workspace) -> None:
    # The dev set's Chinese is tagged plain "zh"; a zh-CN query must find it.
    lines = shared(*DEVSET, "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    scan = ExhaustiveScan(un_workspace, "zh-CN", "en")
    queries = _edited(lines, 40, seed=5, by_characters=True)
    for query in queries:
        ours = lookup(un_workspace, query, "zh-CN", "en")
        assert _ranked(ours) == _ranked(scan.lookup(query))
    best = lookup(un_workspace, lines[7], "zh-CN", "en", limit=1)
    assert best[0].score == 100 and best[0].source.lang == "zh" and best[0].target is not None


def test_the_exhaustive_scan_agrees_with_scoring_every_segment_one_by_one(un_workspace: Workspace) -> None:
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    scan = ExhaustiveScan(un_workspace, "en", "zh-CN")
    for query in _edited(lines, 3, seed=8):
        scored = sorted(
            (
                (score_texts(query, text).value, variant_id)
                for variant_id, text in zip(scan.ids, scan.texts, strict=True)
            ),
            key=lambda item: (-item[0], -item[1]),
        )
        expected = [(v, round(s, 9)) for s, v in scored if s >= 50][:5]
        assert _ranked(scan.lookup(query)) == expected


def test_a_match_shows_what_differs(un_workspace: Workspace) -> None:
    (best,) = lookup(
        un_workspace,
        "Security Council Committee established pursuant to resolution 2140 (2015) today",
        limit=1,
    )
    assert best.source.text == "Security Council Committee established pursuant to resolution 2140 (2014)"
    assert best.numbers == (("2015",), ("2014",))
    kinds = {(d.kind, d.query_text, d.match_text) for d in best.differences}
    assert ("number", "2015", "2014") in kinds and ("delete", "today", "") in kinds
    assert best.target is not None and best.target.text.startswith("安全理事会第2140(2014)号决议")


# -- the index kept current -----------------------------------------------------------------------------


@on_both_backends
def test_an_edit_and_a_delete_show_in_the_very_next_lookup(workspace: Workspace) -> None:
    with workspace.atomic():
        first = workspace.add_unit(
            pair("The General Assembly adopted the resolution without a vote.", "大会未经表决。")
        )
        other = workspace.add_unit(pair("The meeting rose at 6 p.m.", "下午6时散会。"))
    assert first is not None and other is not None
    old = "The General Assembly adopted the resolution without a vote."
    assert lookup(workspace, old)[0].unit.id == first
    workspace.update_variant(first, "en", "The Security Council adopted the draft resolution unanimously.")
    assert [m.unit.id for m in lookup(workspace, old, min_score=90)] == []
    (edited,) = lookup(workspace, "The Security Council adopted the draft resolution unanimously.")
    assert edited.unit.id == first and edited.score == 100
    workspace.update_variant(first, "zh-CN", "安全理事会一致通过决议草案。")
    assert lookup(workspace, "安全理事会一致通过决议草案", "zh-CN", "en")[0].unit.id == first
    assert workspace.delete_unit(other)
    assert lookup(workspace, "The meeting rose at 6 p.m.") == []


@on_both_backends
def test_units_added_without_a_transaction_are_found(workspace: Workspace) -> None:
    workspace.add_unit(pair("Maintaining international peace and security", "维护国际和平与安全"))
    assert lookup(workspace, "maintaining international peace and security")[0].score == 99


@on_both_backends
def test_a_rolled_back_import_leaves_no_postings_and_later_imports_work(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), workspace.atomic():
        workspace.add_unit(pair("A unit that will be rolled back", "将被回滚的单元"))
        raise RuntimeError("import failed")
    conn = workspace.connection
    assert conn.execute("SELECT count(*) FROM search_term").fetchone()[0] == 0
    workspace.add_unit(pair("A unit that stays", "保留的单元"))
    assert lookup(workspace, "A unit that stays")[0].score == 100
    assert lookup(workspace, "A unit that will be rolled back", min_score=80) == []


def test_opening_a_workspace_from_before_the_index_indexes_it(workspace_path: Path) -> None:
    with Workspace(workspace_path) as ws:
        ws.add_units([pair("Treaty of Amity and Cooperation in Southeast Asia", "东南亚友好合作条约")])
    conn = sqlite3.connect(workspace_path)
    with conn:
        # What a workspace made before the index looked like (the later unit_history table included).
        for table in ("search_posting", "search_form", "search_term", "search_language", "unit_history"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("ALTER TABLE variant ADD COLUMN tokens TEXT NOT NULL DEFAULT ''")  # dropped later
        conn.execute("UPDATE schema_version SET version = 1 WHERE component = 'memories'")
    conn.close()
    with Workspace(workspace_path) as ws:
        assert lookup(ws, "Treaty of Amity and Cooperation in Southeast Asia")[0].score == 100


def test_a_rebuilt_index_answers_the_same(un_workspace: Workspace, tmp_path: Path) -> None:
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    queries = _edited(lines, 10, seed=21)
    before = [_ranked(lookup(un_workspace, q)) for q in queries]
    un_workspace.rebuild_search_index()
    assert [_ranked(lookup(un_workspace, q)) for q in queries] == before


# -- concordance ----------------------------------------------------------------------------------------


@pytest.fixture
def diplomatic(workspace: Workspace) -> Workspace:
    workspace.add_units(
        [
            pair(
                "China and ASEAN will build a closer community with a shared future.",
                "中国和东盟将构建更为紧密的中国－东盟命运共同体。",
            ),
            pair("We share a future of peace.", "我们共享和平的未来。"),
            pair("Shared Future, shared prosperity", "共同未来，共同繁荣"),
        ]
    )
    return workspace


def test_concordance_finds_a_chinese_phrase_inside_a_longer_sentence(diplomatic: Workspace) -> None:
    (hit,) = concordance(diplomatic, "命运共同体", "zh-CN")
    assert [hit.variant.text[a:b] for a, b in hit.spans] == ["命运共同体"]
    assert hit.unit.variant("en") is not None


def test_concordance_matches_whole_words_ignoring_case(diplomatic: Workspace) -> None:
    hits = concordance(diplomatic, "shared future", "en")
    texts = {h.variant.text: [h.variant.text[a:b] for a, b in h.spans] for h in hits}
    assert texts == {
        "China and ASEAN will build a closer community with a shared future.": ["shared future"],
        "Shared Future, shared prosperity": ["Shared Future"],
    }


def test_concordance_without_a_language_searches_every_language(diplomatic: Workspace) -> None:
    assert {h.variant.lang for h in concordance(diplomatic, "未来")} == {"zh-CN"}
    assert concordance(diplomatic, "no such phrase here") == []


def test_concordance_on_the_un_devset(un_workspace: Workspace) -> None:
    hits = concordance(un_workspace, "Security Council", "en", limit=20)
    assert len(hits) == 20
    assert all(h.variant.text[a:b].lower() == "security council" for h in hits for a, b in h.spans)
    ids = [h.unit.id or 0 for h in hits]
    assert ids == sorted(ids, reverse=True)


def _holds(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def test_concordance_finds_every_unit_a_scan_of_the_texts_finds(un_workspace: Workspace) -> None:
    """Rare and common words mixed, so that the index stops intersecting lists early and checks texts."""
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    rng = random.Random(5)
    phrases = ["of the", "the United Nations", "in the field of", "Security Council", "and"]
    while len(phrases) < 40:
        words = rng.choice(lines).split()
        if len(words) > 6:
            at = rng.randrange(len(words) - 5)
            phrases.append(" ".join(words[at : at + rng.randint(2, 5)]))
    variants = [
        (u.id or 0, [t.value for t in search_tokens(v.text)])
        for u in un_workspace.units()
        for v in u.variants
        if v.lang == "en"
    ]
    for phrase in phrases:
        wanted = [t.value for t in search_tokens(phrase)]
        expected = sorted({uid for uid, tokens in variants if _holds(tokens, wanted)}, reverse=True)
        found = [h.unit.id for h in concordance(un_workspace, phrase, "en", limit=100_000)]
        assert found == expected, phrase


def _hit_ids(hits: list[Hit]) -> list[tuple[int, int]]:
    return [(h.variant_id, h.unit.id or 0) for h in hits]


@pytest.mark.parametrize(
    ("phrase", "lang"),
    [
        ("the", "en"),  # the most common word: the search stops long before its list ends
        ("of the", "en"),
        ("of and", "en"),  # two common words that seldom meet: the candidates are narrowed
        ("Security Council", "en"),
        ("安全理事会", "zh-CN"),
        ("安全 理事会", "zh-CN"),  # spaces inside Chinese do not matter
        ("2015", None),
        ("United", None),
    ],
)
def test_a_limited_concordance_gives_the_first_hits_of_the_unlimited_one_and_pages_give_the_rest(
    un_workspace: Workspace, phrase: str, lang: str | None
) -> None:
    every = concordance(un_workspace, phrase, lang, limit=100_000)
    assert every, phrase
    ids = [h.variant_id for h in every]
    assert ids == sorted(set(ids), reverse=True)  # newest first, each variant once
    for limit in (1, 7, 50):
        assert _hit_ids(concordance(un_workspace, phrase, lang, limit=limit)) == _hit_ids(every[:limit])
    pages: list[Hit] = []
    before = None
    while page := concordance(un_workspace, phrase, lang, limit=40, before=before):
        pages += page
        before = page[-1].variant_id
    assert _hit_ids(pages) == _hit_ids(every)


@on_both_backends
def test_concordance_skips_edited_and_deleted_variants(workspace: Workspace) -> None:
    ids = [
        workspace.add_unit(pair(f"The Security Council met on day {n}.", f"安理会第{n}天开会。"))
        for n in range(80)
    ]
    edited, deleted = ids[70], ids[60]
    assert edited is not None and deleted is not None
    workspace.update_variant(edited, "en", "The General Assembly met.")
    workspace.delete_unit(deleted)
    hits = concordance(workspace, "security council", "en", limit=20)
    assert [h.unit.id for h in hits] == [i for i in reversed(ids) if i not in (edited, deleted)][:20]
    assert concordance(workspace, "General Assembly", "en")[0].unit.id == edited


# -- hostile input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!…;—«»",
        "x" * 10_000,
        "peace and security " * 600,
        "Das ist ein Test 这是测试 это тест هذا اختبار",
        "🇺🇳 🙂🙂 peace 🕊️",
        "\x00\ud800 control",
    ],
)
def test_hostile_queries_return_cleanly(un_workspace: Workspace, query: str) -> None:
    matches = lookup(un_workspace, query)
    assert all(50 <= m.score <= 100 for m in matches)
    assert isinstance(concordance(un_workspace, query[:200]), list)


def test_a_big_import_written_in_many_chunks_and_merges_stays_exact(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small limits make an import of 1,500 units write and merge chunks many times over, as 1M units do.
    from memories.index.writer import IndexWriter

    monkeypatch.setattr(IndexWriter, "FLUSH_AT", 2000)
    monkeypatch.setattr(IndexWriter, "MERGE_AT", 2)
    monkeypatch.setattr(IndexWriter, "SPLIT_AT", 8)  # all-lengths chunks are split by length, many times
    en = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:1500]
    zh = shared(*DEVSET, "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:1500]
    workspace.add_units(pair(e, z) for e, z in zip(en, zh, strict=True))
    workspace.add_units(
        pair(e + " (revised)", z + "（修订）") for e, z in zip(en[:300], zh[:300], strict=True)
    )
    chunks = workspace.connection.execute(
        "SELECT max(c) FROM (SELECT count(*) AS c FROM search_posting GROUP BY term_id, bucket)"
    ).fetchone()[0]
    assert chunks <= 2
    all_lengths, by_length = workspace.connection.execute(
        "SELECT sum(bucket = 63), sum(bucket < 63) FROM search_posting"
    ).fetchone()
    assert all_lengths > 100 and by_length > 100  # both kinds of chunk are read by the lookups below
    scan = ExhaustiveScan(workspace, "en", "zh-CN")
    for query in _edited(en, 40, seed=17):
        assert _ranked(lookup(workspace, query)) == _ranked(scan.lookup(query))


# -- token counts in the postings -------------------------------------------------------------------------


def _vim_pairs() -> list[tuple[str, str]]:
    import polib

    catalogue = polib.mofile(str(shared(*VIM_FR)))
    return [(e.msgid.strip(), e.msgstr.strip()) for e in catalogue if e.msgid.strip() and e.msgstr.strip()]


@pytest.fixture
def vim(workspace: Workspace) -> Workspace:
    workspace.add_units(TranslationUnit((Variant("en", en), Variant("fr", fr))) for en, fr in _vim_pairs())
    return workspace


def _gettext_queries(pairs: list[tuple[str, str]], count: int, seed: int) -> list[str]:
    """Short messages full of repeated placeholders (``%s … %s``, ``%d of %d``), edited like the benchmark's."""
    repeated = [en for en, _ in pairs if len(search_tokens(en)) != len({t.key for t in search_tokens(en)})]
    assert len(repeated) > 100
    return _edited(repeated, count, seed) + repeated[:20]


@on_both_backends
def test_messages_with_repeated_placeholders_stay_exact(vim: Workspace) -> None:
    # A posting carries how many times its variant holds the term; the bound uses the smaller of that and
    # the query's count, which must never drop a match the exhaustive scan finds.
    pairs = _vim_pairs()
    scan = ExhaustiveScan(vim, "en", "fr")
    found_any = 0
    for query in _gettext_queries(pairs, 120, seed=4):
        ours = lookup(vim, query, "en", "fr")
        assert _ranked(ours) == _ranked(scan.lookup(query)), query
        found_any += bool(ours)
    assert found_any >= 100
    for query in _gettext_queries(pairs, 30, seed=6):
        assert _ranked(lookup(vim, query, "en", "fr", 30, 20)) == _ranked(scan.lookup(query, 30, 20)), query


@on_both_backends
def test_edits_that_change_lengths_and_counts_stay_exact(vim: Workspace) -> None:
    # Edited variants keep their old postings (another length, other counts) beside the new ones.
    pairs = _vim_pairs()
    rng = random.Random(9)
    units = [u for u in vim.units()]
    edited = rng.sample(units, 200)
    for number, unit in enumerate(edited):
        source = unit.variant("en")
        assert source is not None and unit.id is not None
        words = source.text.split()
        if number % 3 == 0:  # shorter: its old postings list it at a greater length
            text = " ".join(words[: max(1, 2 * len(words) // 3)]) + f" ({number})"
        elif number % 3 == 1:
            text = source.text + " " + " ".join(rng.choice(pairs)[0].split()[:6]) + f" %s %s {number}"
        else:
            text = " ".join(reversed(words)) + f" [{number}]"
        vim.update_variant(unit.id, "en", text)
    for unit in rng.sample(units, 50):
        assert unit.id is not None
        vim.delete_unit(unit.id)
    scan = ExhaustiveScan(vim, "en", "fr")
    before = [u.variant("en").text for u in edited[:60]]  # type: ignore[union-attr]
    after = [
        v.text
        for u in vim.units_by_id([u.id or 0 for u in edited[:60]])
        for v in u.variants
        if v.lang == "en"
    ]
    for query in _edited(before + after, 80, seed=10) + before[:20] + after[:20]:
        assert _ranked(lookup(vim, query, "en", "fr")) == _ranked(scan.lookup(query)), query
    for query in after:  # the best match found first raises the threshold at once
        assert _ranked(lookup(vim, query, "en", "fr", limit=1)) == _ranked(scan.lookup(query, limit=1)), query


def test_a_workspace_with_postings_from_before_the_counts_is_converted_on_opening(
    workspace_path: Path,
) -> None:
    pairs = _vim_pairs()
    queries = _gettext_queries(pairs, 40, seed=12)
    with Workspace(workspace_path) as ws:
        ws.add_units(TranslationUnit((Variant("en", en), Variant("fr", fr))) for en, fr in pairs)
        expected = [_ranked(lookup(ws, q, "en", "fr")) for q in queries]
    conn = sqlite3.connect(workspace_path)
    with conn:
        # Postings as the "search index" migration wrote them: variant id << 8 | token count, no term count.
        for rowid, blob in conn.execute("SELECT rowid, ids FROM search_posting").fetchall():
            old = array("q", [(p >> 16) << 8 | (p & 0xFF) for p in array("q", blob)])
            conn.execute("UPDATE search_posting SET ids = ? WHERE rowid = ?", (old.tobytes(), rowid))
        conn.execute("ALTER TABLE variant ADD COLUMN tokens TEXT NOT NULL DEFAULT ''")  # dropped later
        conn.execute("UPDATE schema_version SET version = 3 WHERE component = 'memories'")
    conn.close()
    with Workspace(workspace_path) as ws:
        assert ws.schema_version() >= 4
        assert [_ranked(lookup(ws, q, "en", "fr")) for q in queries] == expected
        scan = ExhaustiveScan(ws, "en", "fr")
        assert [_ranked(scan.lookup(q)) for q in queries] == expected
        # "%d of %d edited" holds the token "d" twice: its posting says so.
        (variant_id,) = ws.connection.execute(
            "SELECT id FROM variant WHERE text = '%d of %d edited'"
        ).fetchone()
        (term_id,) = ws.connection.execute(
            "SELECT id FROM search_term WHERE key = 'en' || char(31) || 'd'"
        ).fetchone()
        postings = [
            p
            for (blob,) in ws.connection.execute(
                "SELECT ids FROM search_posting WHERE term_id = ?", (term_id,)
            )
            for p in array("q", blob)
        ]
        assert [(p >> 8) & 0xFF for p in postings if p >> 16 == variant_id] == [2]


def test_a_lookup_that_fails_midway_leaves_the_next_one_exact(
    un_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lookups reuse their per-variant counters: a failed one must not leave counts behind.
    lines = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    queries = _edited(lines, 5, seed=30)
    expected = [_ranked(lookup(un_workspace, q)) for q in queries]

    def interrupted(variant_ids: list[int]) -> Codes:
        raise sqlite3.OperationalError("interrupted")

    with monkeypatch.context() as patch:
        patch.setattr(un_workspace.search_index, "codes", interrupted)
        for query in queries:
            with pytest.raises(sqlite3.OperationalError):
                lookup(un_workspace, query)
    assert [_ranked(lookup(un_workspace, q)) for q in queries] == expected
