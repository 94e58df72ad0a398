"""Monolingual term extraction: the fixed phrases of one language's segments, ranked by a documented score.

Candidates
    Token n-grams (1 to ``MAX_LENGTH`` tokens) that never cross punctuation and never contain a word of the
    breaking class (pronouns, auxiliaries, modals, subordinators, adverbs such as "also", number words, and
    the words lemminflect knows only as finite verbs: "appreciates", "adopt"; for Chinese, 了, 是, 我们,
    localisers such as 上 and 基础上, and frequent policy verbs such as 推动). They begin and end with a
    content word and may hold linking function words inside ("of", "and", "in", "on", "for", "the", "to",
    "with", "a"; 的, 和, 与), so "community with a shared future" and "Treaty of Amity and Cooperation in
    Southeast Asia" are candidates but "of the Chinese" is not; nor does a candidate end with a participle,
    an adverb or a possessive ("China's"), nor begin with a comparative written in lower case ("closer",
    "stronger": it grades the phrase after it). English word classes that only the neighbours show also
    break phrases (lemminflect tells the classes a word can have): "to" before a verb's base form is the
    infinitive marker ("ready to | work", while "path to modernization" keeps its preposition); a word that
    can be a verb is one before an article ("joining | the Treaty"), a particle ("pointed | out"), an
    adjective ("increase | cultural exchanges") or after an adverb ("jointly | implement"); a participle
    before a proper name governs it ("supporting | ASEAN centrality", not "small island developing
    States"); "and"/"or" before an article joins two noun phrases; a name in the possessive before a
    common word is a determiner ("China's | joining"); "at" opens adjuncts ("at an early date") and
    breaks. A plural possessive before a capitalised word stays in the name ("G20 Leaders' Summit"); a
    title of office is cut from the person's name after it ("State Councilor and Foreign Minister | Qin
    Gang": a capitalised word no dictionary knows, in a run without a plural noun, not qualifying a noun);
    a verb in -s or -ed after a name, shown by what follows ("China hopes that", "Qin Gang noted that",
    "China supports ASEAN"), breaks; two names joined by "and"/"or" that each stand alone elsewhere are
    the two sides, not a term ("China and ASEAN"; "Trinidad and Tobago" stays); and a candidate chaining
    two common phrases by two "of" is none. A line in title case without a final full stop is a headline:
    its capitals say nothing about names. English tokens are words of the original text (hyphenated and
    possessive words whole, case folded for counting); Chinese tokens are jieba's
    (``memories.tokens.tokenize``), and a token jieba's dictionary knows only as a verb cannot begin or end a
    Chinese candidate (推动构建人类命运共同体 is not a term, 人类命运共同体 is). On a large corpus (over
    ``SMALL_CORPUS`` tokens) a candidate must occur at least twice; n-grams are counted level by level and
    an n-gram is only counted where both its (n-1)-grams reach that frequency.

Score of a candidate ``a`` with ``n`` words (``c`` of them content words), frequency ``f`` and ``d``
documents (origins)::

    score(a) = C(a) * T(a) * U(a) * B(a) * S(a) * R(a)

    C(a)  C-value:      log2(n + 1) * (f - max f(b) over the longer candidates b that contain a) (Frantzi's
                        C-value with the max instead of the mean, so that a phrase always seen inside the
                        same longer one, "Amity and Cooperation", gets 0 and is dropped). A container seen
                        once only counts when it adds no phrase junction (see U): "mediation in the ASEAN
                        way" is a context of "ASEAN way", not a longer term; nor does one that begins with
                        a participle ("supporting ASEAN centrality"). For a single word the subtrahend
                        is instead (when larger) the number of its occurrences inside any longer candidate
                        seen at least twice: "Republic" inside "Syrian Arab Republic", "Republic of Korea"
                        and "Central African Republic" is explained by all of them, not by the most
                        frequent one alone.
    T(a)  termhood:     the mean and the max (averaged) over the content words w of
                        log10(p_here(w) / p_general(w)), each floored at 0.1, where p_general comes from
                        wordfreq (a word wordfreq lacks counts as 1e-8, a hyphenated word as the product of
                        its parts): how much more this text uses the words than general language does; the
                        max keeps one rare word ("rejuvenation") from being drowned by common ones.
    U(a)  unithood:     for n >= 2, (f / min f(w) over the content words) ** 0.5 (the share of the rarest
                        word's occurrences that are in this phrase), times 0.45 per phrase junction (a
                        linking word between words that are not both capitalised; 2 when a common word
                        takes a whole name as complement, "work with ASEAN", or a proper name that no
                        dictionary knows takes a preposition, "Kao Kim Hourn in Beijing"; also a possessive
                        before a common word and an adverb inside); an English junction that builds terms
                        counts half (0.45 ** 0.5 = 0.67): a complement with "of"/"of the"/"to"
                        ("great rejuvenation of the Chinese nation", "Chinese path to modernization") and two
                        words joined by "and" ("good-neighborliness and friendship"), after a common word;
                        times a length damping 1 / (1 + 0.15 * max(0, c - 4)) for frequency-1 phrases (c
                        content words), and 0.45 more for a frequency-1 phrase that is a better-scored
                        candidate with words attached through a junction: a context ("benchmark of |
                        good-neighborliness and friendship", "China-ASEAN community | with a shared
                        future"); 0.3 * min(1, T(a) / 3) ** 2 for a single English word (general
                        vocabulary of the text such as "development" or "implementation" is far below
                        T = 3), 0.1 for a single Chinese word (which is far more often a general word).
    B(a)  boundaries:   (0.4 + 0.6 * the share of occurrences whose left neighbour is a start, punctuation, a
                        breaking or linking word, a participle, an adverb or a lower-case comparative) times
                        the same for the right neighbour (a start, punctuation, a breaking or linking word;
                        in English also a participle or adverb, "a shared future | proposed by", but not a
                        conjunction followed by a word that cannot be a verb, "benchmark of
                        good-neighborliness | and friendship"); an occurrence in a headline counts half;
                        English: times 0.5 when a begins with a word lemminflect knows only as a participle
                        or an adverb ("supporting", "mutually").
    S(a)  shape:        1 + share of the content words written capitalised away from the sentence start
                        (names: "Global Development Initiative"), + 0.5 when a linking word sits between
                        two capitalised words ("Code of Conduct in the South China Sea"; a preposition
                        only after a word the dictionary knows, not in "Kao Kim Hourn in Beijing").
    R(a)  recurrence:   (1 + log2(d)) * (1 + log2(f)) ** 0.5: across documents, and within them.

Kind: each candidate says what it names (``kind_of``): a person (a name seen right after a title of office),
a title (its head is a word of office), an organisation, a meeting or document, or a place (by the head word
of a capitalised name: "Council", "Treaty", "Sea"; a lone name is a place, a lone acronym an organisation),
else a term; for Chinese, by the ending (委员会, 会议, 主席). Stored per concept (table extraction_kind).

The weights were set on the seed press release and the UN dev set (see the issue note); every factor is a
documented heuristic, not a trained model.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from memories.langs import base_language, same_language
from memories.model import TranslationUnit
from memories.store import Workspace
from memories.tokens import tokenize


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = [
    "KINDS",
    "Candidate",
    "Origins",
    "Segment",
    "candidate_kinds",
    "extract",
    "kind_of",
    "segments_of",
    "units_of",
]

KINDS = ("term", "person", "organisation", "meeting/document", "place", "title")
"""What a candidate can name; a translator files and checks each differently."""

MAX_LENGTH = 12
"""The longest candidate, in tokens ("Declaration on the Conduct of Parties in the South China Sea" is 11)."""
SMALL_CORPUS = 50_000
"""Up to this many tokens, a phrase seen once can be a candidate; above it, a candidate recurs."""

UNIGRAM = 0.3
"""Unithood of a single word: it is a term only when its termhood and frequency say so loudly."""
UNIGRAM_ZH = 0.1
"""The same for a single jieba word, which is far more often a general word than an English one."""
UNIGRAM_TERMHOOD = 3.0
"""An English single word keeps its whole unithood only from this termhood up (a thousand times more
frequent here than in general language: "Secretary-General", "UNODC"); below, it falls with the square of
the shortfall ("development", "countries", "implementation": the text's general vocabulary)."""
JUNCTION = 0.45
"""Unithood factor per phrase junction (a linking word between words that are not both capitalised)."""

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: what the extractor reports while it works."""

# Words that may link the words of a term but never begin or end one.
_LINKING_EN = _words(
    "of and in on for the to with a an by from among between against into or & within under over"
)
# Words that never belong to a term: a phrase containing one is not a candidate.
_BREAKING_EN = _words(
    """i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those which who whom whose what whatever whichever whoever where when why how
    is are was were be been being am do does did doing done have has had having will would shall should
    can could may might must ought not no nor but if than then because while whereas although though
    unless until since as so also very too just only even still yet already again ever never always
    often here there thus hence therefore however moreover furthermore indeed such each every all any
    some both either neither other another more most less least much many few several own same
    said says say says about above after before during up down out off once further well via per
    upon whether shall let made make makes making stands stand ready through throughout towards toward
    around across along beyond despite like near without behind beside besides beneath onto unto
    including following regarding concerning except instead rather at
    one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand million
    first second third fourth fifth sixth seventh eighth ninth tenth"""
)
_LINKING_ZH = _words("的 和 与 及 、 之")
_BREAKING_ZH = _words(
    """了 是 在 把 被 将 对 也 都 而 并 要 我们 我国 他们 你们 这 那 这些 那些 其 该 此 就 还 又 很 更 最
    已 已经 不 没有 没 着 过 地 得 所 以 为 从 向 于 到 给 由 等 等等 各 每 个 一个 这个 这种 一些 我 你 他 同 跟
    她 它 会 能 可以 应 应该 必须 使 让 以及 或 或者 但 但是 如果 因为 所以 虽然 而且 并且 同时 通过
    进一步 继续 不断 切实 大力 努力 积极 坚持 推动 推进 加强 加快 实现 提高 促进 进行 开展 深化 扩大
    第 号 次 届 上 中 下 里 内 外 基础上 基础 过程中 之中 之下 以来 期间 方面 问题上 前提下 条件下 情况下"""
)
_CONJUNCTIONS = frozenset({"and", "or", "&"})
# Breaking words a verb governs: after a name and a verb in -s, they show the verb ("China hopes that").
_GOVERNED = _words("that its their his her our upon this these those all both each every no not also further")
# Words of office: a capitalised run holding one, followed by a person's name, is a title glued to the name
# ("State Councilor and Foreign Minister | Qin Gang").
_TITLE_WORDS = _words(
    """president vice-president premier vice-premier minister councilor councillor secretary-general
    under-secretary-general secretary ambassador chairman chairwoman chairperson chair governor commissioner
    envoy spokesperson spokesman spokeswoman director-general director king queen prince princess sultan
    emir chancellor mayor senator excellency representative counsellor counselor adviser advisor deputy
    vice majesty highness"""
)
_COMPLEMENTS = (["of"], ["of", "the"], ["of", "a"], ["of", "an"], ["to"], ["to", "the"])
_PARTICLES = frozenset({"out", "up", "off", "down", "forward", "back", "away"})
_ARTICLES = frozenset({"the", "a", "an"})
_WORD_EN = re.compile(r"[^\W_]+(?:[-'\u2019\u2010\u2011][^\W_]+)*", re.UNICODE)
# A plural possessive before a capitalised word belongs to the name: "G20 Leaders' Summit".
_PLURAL_POSSESSIVE = re.compile(r"[s]['\u2019](?=\s+[A-Z])")
_SENTENCE_END = frozenset(".!?:;\u3002\uff01\uff1f")
_PARTICIPLE = re.compile(r"^[a-z]{3,}(?:ing|ed)$")


@dataclass(frozen=True)
class Segment:
    """One source-language segment: the text and where it comes from."""

    unit_id: int
    document: str
    text: str


@dataclass(frozen=True)
class Candidate:
    """A candidate term with its score and the figures behind it."""

    text: str
    """The form most often written."""
    score: float
    frequency: int
    documents: int
    units: tuple[int, ...] = ()
    """Ids of the translation units it occurs in, in order."""
    unit_count: int = 0
    """How many translation units it occurs in."""
    factors: dict[str, float] = field(default_factory=dict, compare=False)
    """The factors of the score (``C``, ``T``, ``U``, ``B``, ``S``, ``R``)."""
    kind: str = "term"
    """What the candidate names: one of ``KINDS`` (see ``kind_of``)."""

    @property
    def words(self) -> int:
        return len(self.text.split())


Origins = str | Sequence[str] | None
"""One origin's name, several (a translator's press releases without the UN set), or None for all."""


def units_of(workspace: Workspace, origin: Origins = None) -> Iterator[TranslationUnit]:
    """The workspace's units, or those of the given origin(s), in import order."""
    if origin is None or isinstance(origin, str):
        yield from workspace.units(origin)
        return
    for name in dict.fromkeys(origin):
        yield from workspace.units(name)


def segments_of(workspace: Workspace, lang: str, origin: Origins = None) -> Iterator[Segment]:
    """Every segment of ``lang`` in the workspace (or its origins), one per variant, in import order."""
    for unit in units_of(workspace, origin):
        for variant in unit.variants:
            if same_language(variant.lang, lang) and variant.text.strip():
                yield Segment(unit.id or 0, unit.origin or "", variant.text)


# -- tokens ---------------------------------------------------------------------------------------------

_Token = tuple[str, str, bool]
"""(key, surface, capitalised away from a sentence start); a key of "" is a break."""


def _english_tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    last = 0
    start_of_sentence = True
    for m in _WORD_EN.finditer(text):
        between = text[last : m.start()]
        if between.strip():
            tokens.append(("", between.strip(), False))
            if any(ch in _SENTENCE_END for ch in between):
                start_of_sentence = True
        word = m.group()
        if _PLURAL_POSSESSIVE.match(text, m.end() - 1):
            word += text[m.end()]
            last = m.end() + 1
        else:
            last = m.end()
        key = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
        key = key.replace("\u2010", "-").replace("\u2011", "-")
        capital = word[0].isupper() and not start_of_sentence
        tokens.append((key, word, capital))
        start_of_sentence = False
    if text[last:].strip():
        tokens.append(("", text[last:].strip(), False))
    return tokens


def _chinese_tokens(text: str) -> list[_Token]:
    return [(t if any(ch.isalnum() for ch in t) else "", t, False) for t in tokenize(text, "zh")]


def _unknown_name(token: _Token) -> bool:
    return token[1][:1].isupper() and token[0] not in _TITLE_WORDS and _proper_name(token[0])


def _verb_s(word: str) -> bool:
    """A verb's third person singular or past ("hopes", "recalls", "places", "noted"), whatever else the word
    can be."""
    verbs = _lemmas(word).get("VERB", ())
    return (word.endswith("s") or word.endswith("ed")) and bool(verbs) and word not in verbs


def _plural_noun(word: str) -> bool:
    nouns = _lemmas(word).get("NOUN", ())
    return bool(nouns) and word not in (n.casefold() for n in nouns)


def _names_after_titles(tokens: list[_Token]) -> set[int]:
    """Indices of the tokens where a person's name begins right after a title of office: "President | Xi
    Jinping", "Minister of Foreign Affairs | Wang Yi" (a capitalised word no dictionary knows, or a known one
    followed by one: "Lee Hsien Loong")."""
    starts: set[int] = set()
    for j in range(1, len(tokens)):
        prev = j - 1
        if prev >= 3 and tokens[prev][1] == ")" and tokens[prev - 2][1] == "(":
            prev -= 3  # an abbreviation between title and name: "... Asian Nations (ASEAN) Kao Kim Hourn"
        before = tokens[prev]
        if not before[0] or not before[1][:1].isupper() or before[0] in _LINKING_EN:
            continue
        token = tokens[j]
        if not token[0] or not token[1][:1].isupper() or token[0] in _TITLE_WORDS:
            continue
        if not (_unknown_name(token) or (j + 1 < len(tokens) and _unknown_name(tokens[j + 1]))):
            continue
        end = (
            j  # a person's name holds no plural noun ("Association of Southeast | Asian Nations" is no name)
        )
        while end < len(tokens) and tokens[end][0] and tokens[end][1][:1].isupper():
            end += 1
        if end - j > 4 or any(_plural_noun(t[0]) for t in tokens[j:end]):
            continue
        after = _lemmas(tokens[end][0]) if end < len(tokens) and tokens[end][0] else {}
        if (
            "NOUN" in after and "VERB" not in after
        ):  # a name qualifying a noun: "the Sierra Leone configuration"
            continue
        k = prev  # the capitalised run before, linking words included, must hold a title word
        while k >= 0 and tokens[k][0] and (tokens[k][1][:1].isupper() or tokens[k][0] in _LINKING_EN):
            if tokens[k][0] in _TITLE_WORDS:
                starts.add(j)
                break
            k -= 1
    return starts


def _is_title_line(tokens: list[_Token], linking: frozenset[str]) -> bool:
    """A headline in title case says nothing about which of its words are names."""
    words = [t for t in tokens if t[0] and t[0] not in linking]
    if tokens and not tokens[-1][0] and tokens[-1][1].endswith("."):
        return False  # a sentence, however many names it holds
    return len(words) >= 4 and sum(t[1][0].isupper() for t in words) >= 0.8 * len(words)


@lru_cache(maxsize=8)
def _general(lang: str) -> dict[str, float]:
    import wordfreq

    try:
        return dict(wordfreq.get_frequency_dict(lang))
    except LookupError:  # a language wordfreq lacks: every word counts as rare
        return {}


@lru_cache(maxsize=8)
def _chinese_verbs() -> frozenset[str]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab if hasattr(jieba.posseg.dt, "word_tag_tab") else {}
    if not tags:
        jieba.posseg.dt.initialize()
        tags = jieba.posseg.dt.word_tag_tab
    return frozenset(w for w, tag in tags.items() if tag == "v")


def _only(word: str, classes: set[str]) -> bool:
    """Whether an English word is only ever of these word classes in lemminflect's lexicon ("appreciates" is
    only a verb form, "jointly" only an adverb; "supports" is also a noun)."""
    tags = _word_classes(word)
    return bool(tags) and tags <= classes


@lru_cache(maxsize=200_000)
def _word_classes(word: str) -> frozenset[str]:
    return frozenset(_lemmas(word))


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


def _base_verb(word: str) -> bool:
    """Whether lemminflect knows the word as a verb's base form ("promote", "work"; not "modernization")."""
    return word in _lemmas(word).get("VERB", ())


def _finite_or_base_verb(word: str) -> bool:
    """A verb form that cannot be an adjective: "implement", "supports" (not "displaced", "binding")."""
    lemmas = _lemmas(word)
    return "VERB" in lemmas and "ADJ" not in lemmas and not _PARTICIPLE.match(word)


def _proper_name(word: str) -> bool:
    """A word that lemminflect does not know, even by its last hyphenated part ("Hourn", "Beijing"; not
    "Secretary-General", "Non-Proliferation")."""
    return not _lemmas(word.rsplit("-", 1)[-1])


def _possessive(key: str) -> bool:
    """An English possessive: "China's", "Leaders'"."""
    return key.endswith("'s") or key.endswith("s'")


def _comparative(word: str) -> bool:
    """An adjective's comparative or superlative ("closer", "stronger", "greatest"): it grades the phrase
    that follows, it does not begin a term."""
    adjective = _lemmas(word).get("ADJ", ())
    return bool(adjective) and word not in adjective and word.endswith(("er", "est"))


# -- counting -------------------------------------------------------------------------------------------


class _Corpus:
    """The token stream of all segments, with breaks, and the statistics the score needs."""

    def __init__(self, lang: str) -> None:
        self.chinese = base_language(lang) == "zh"
        self.lang = base_language(lang)
        self.linking = _LINKING_ZH if self.chinese else _LINKING_EN
        self.breaking = _BREAKING_ZH if self.chinese else _BREAKING_EN
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self.ids: list[int] = []  # -1 is a break (punctuation, breaking word, segment end)
        self.segment_at: list[int] = []  # index into self.segments for each position
        self.segments: list[tuple[int, int]] = []  # (unit id, document number)
        self.headlines: list[bool] = []  # per segment: a headline in title case
        self.documents: dict[str, int] = {}
        self.capital = Counter[int]()
        self.surface_counts = Counter[int]()
        self.word_freq = Counter[int]()
        self.kind: list[int] = []  # per vocabulary id: 0 content, 1 linking, 2 verb-like at the edges
        self.forms = Counter[tuple[int, str]]()  # how each word is written away from a sentence start
        self.surfaces: list[str] = []  # each position's word as written (a breaking word folded, else "")
        self.capitals = bytearray()  # 1 where the word is capitalised away from a sentence start
        self._interned: dict[str, str] = {}
        self.counted: dict[tuple[int, ...], int] = {}  # every n-gram counted, candidates or not
        self.comparative: frozenset[int] = frozenset()  # English comparatives written in lower case
        self.after_title: set[int] = set()  # positions where a person's name follows a title

    def add(self, segment: Segment) -> None:
        tokens = _chinese_tokens(segment.text) if self.chinese else _english_tokens(segment.text)
        title = not self.chinese and _is_title_line(tokens, self.linking)
        doc = self.documents.setdefault(segment.document, len(self.documents))
        seg = len(self.segments)
        self.segments.append((segment.unit_id, doc))
        self.headlines.append(title)
        ids, at = self.ids, self.segment_at
        names = set() if self.chinese else _names_after_titles(tokens)
        for n, (key, surface, capital) in enumerate(tokens):
            if n in names:  # a break between the title and the name, and the name's start remembered
                ids.append(-1)
                at.append(seg)
                self.surfaces.append("")
                self.capitals.append(0)
                self.after_title.add(len(ids))
            if not key or key in self.breaking or key[:1].isdigit():
                ids.append(-1)
                at.append(seg)
                # A breaking word is kept (in lower case) for the context rules of classify().
                self.surfaces.append(self._interned.setdefault(key, key) if key in self.breaking else "")
                self.capitals.append(0)
                continue
            self.surfaces.append(self._interned.setdefault(surface, surface))
            self.capitals.append(1 if capital and not title else 0)
            tid = self.vocab.get(key)
            if tid is None:
                tid = self.vocab[key] = len(self.words)
                self.words.append(key)
            ids.append(tid)
            at.append(seg)
            self.word_freq[tid] += 1
            if not title and (capital or surface[:1].islower() or (len(surface) > 1 and surface.isupper())):
                self.forms[(tid, surface)] += 1
            if not title:
                self.surface_counts[tid] += 1
                if capital:
                    self.capital[tid] += 1
        ids.append(-1)
        at.append(seg)
        self.surfaces.append("")
        self.capitals.append(0)

    def classify(self) -> None:
        verbs = _chinese_verbs() if self.chinese else frozenset()
        kinds = []
        for word in self.words:
            if word in self.linking:
                kinds.append(1)
            elif self.chinese and word in verbs:
                kinds.append(2)
            elif not self.chinese and _only(word, {"VERB", "AUX"}):
                kinds.append(2 if _PARTICIPLE.match(word) else 3)
            elif not self.chinese and _only(word, {"ADV"}):
                kinds.append(2)
            else:
                kinds.append(0)
        self.kind = kinds
        if not self.chinese:
            self._break_verbs_after_names()  # before the finite verbs break, which it reads
        ids = self.ids
        for i, t in enumerate(ids):
            if t >= 0 and kinds[t] == 3:  # a finite verb ends a noun phrase
                ids[i] = -1
        if not self.chinese:
            self._break_at_verbs_in_context()
            self._break_coordinated_names()
            self.comparative = frozenset(
                t
                for t, word in enumerate(self.words)
                if _comparative(word) and not self._usually_capitalised(t)
            )

    def _usually_capitalised(self, tid: int) -> bool:
        return self.capital[tid] * 2 > self.surface_counts[tid]

    def _break_at_verbs_in_context(self) -> None:
        """Break at the words that only their neighbour shows to be verbs or determiners: "to" before a verb's
        base form is the infinitive marker ("ready to work with ASEAN", not "path to modernization"); a word
        after an adverb is a verb unless it can be an adjective ("jointly implement", "fully supports", not
        "mutually beneficial"); a name in the possessive before a common word is a determiner ("China's
        joining"), while "People's Republic" stays a name."""
        ids, words, kinds, capitals = self.ids, self.words, self.kind, self.capitals
        for i in range(len(ids) - 1):
            t, nxt = ids[i], ids[i + 1]
            if t < 0:
                continue
            if nxt < 0:
                if self.surfaces[i + 1] in _PARTICLES and "VERB" in _lemmas(words[t]):
                    ids[i] = -1  # a particle makes a phrasal verb of the word before it ("pointed out")
                continue
            word, following = words[t], words[nxt]
            if following in _PARTICLES and "VERB" in _lemmas(word):  # "speed up"
                ids[i] = -1
            elif word == "to" and _base_verb(following):
                ids[i] = ids[i + 1] = -1
            elif following in _ARTICLES and (word in _CONJUNCTIONS or "VERB" in _lemmas(word)):
                # An article opens a noun phrase: the word before it governs it ("joining the") or joins two
                # noun phrases ("the Belt and Road Initiative and the ASEAN Outlook").
                ids[i] = -1
            elif kinds[t] == 2 and _PARTICIPLE.match(word) and capitals[i + 1] and not _lemmas(following):
                # A participle before a proper name governs it ("supporting ASEAN centrality"); before a
                # common noun, even a capitalised one, it qualifies it ("small island developing States").
                ids[i] = -1
            elif _finite_or_base_verb(word) and _only(following, {"ADJ"}) and not capitals[i]:
                ids[i] = -1  # an adjective follows a verb, not a noun: "increase cultural exchanges"
            elif kinds[t] == 2 and _only(word, {"ADV"}) and _finite_or_base_verb(following):
                ids[i + 1] = -1
            elif _possessive(word) and capitals[i] and not capitals[i + 1] and kinds[nxt] != 1:
                ids[i] = -1

    def _name_at(self, i: int) -> bool:
        t = self.ids[i] if 0 <= i < len(self.ids) else -1
        if t < 0 or self.kind[t] == 1:
            return False
        surface = self.surfaces[i]
        return (
            bool(self.capitals[i]) or self._usually_capitalised(t) or (len(surface) > 1 and surface.isupper())
        )

    def _break_verbs_after_names(self) -> None:
        """A name's verb is not part of a term: "China hopes that", "the Group expresses its concern", "IAEA
        places great value", "the Group recalls and reaffirms" (a verb in -s after a name, known by what
        follows it: a governed word, a name, an adjective, an infinitive, or a second verb)."""
        ids, words, surfaces = self.ids, self.words, self.surfaces
        verb = [_verb_s(w) for w in words]  # per word, not per position: this runs over the whole corpus
        for i in range(1, len(ids) - 1):
            t = ids[i]
            if t < 0 or not verb[t] or self.capitals[i] or not self._name_at(i - 1):
                continue
            nxt, after = ids[i + 1], ids[i + 2] if i + 2 < len(ids) else -1
            if nxt < 0:
                governed = surfaces[i + 1] in _GOVERNED
            else:
                following = words[nxt]
                governed = (
                    following in _ARTICLES
                    or self._name_at(i + 1)  # "China supports ASEAN"
                    or ("ADJ" in _lemmas(following) and not self.capitals[i + 1])
                    or (following == "to" and after >= 0 and _base_verb(words[after]))
                    or (following in _CONJUNCTIONS and after >= 0 and verb[after])
                )
            if governed:
                ids[i] = -1

    def _break_coordinated_names(self) -> None:
        """Two names joined by "and"/"or" are the two sides, not one term ("China and ASEAN", "ASEAN and China
        countries"), when each name also stands alone in the text; a name whose halves never stand alone is
        one name ("Trinidad and Tobago"), and so is a coordination inside a longer name ("Economic and Social
        Council", "Turks and Caicos Islands")."""
        ids, words = self.ids, self.words
        conjunction = [w in _CONJUNCTIONS for w in words]
        if not any(conjunction[t] for t in ids if t >= 0):
            return
        # Whether each position holds a name, computed once (the corpus can hold millions of positions).
        name = [self._name_at(i) for i in range(len(ids))]
        name.append(False)  # name[-1] and name[len] read as "no name" at the edges
        joins = [t >= 0 and conjunction[t] for t in ids]
        joins.append(False)
        alone: Counter[int] = Counter()
        for i, t in enumerate(ids):
            if name[i] and not (name[i - 1] or name[i + 1] or joins[i - 1] or joins[i + 1]):
                alone[t] += 1
        for i in range(1, len(ids) - 1):
            if not joins[i] or not (name[i - 1] and name[i + 1]) or name[i - 2] or name[i + 2]:
                continue
            if alone[ids[i - 1]] and alone[ids[i + 1]]:
                ids[i] = -1

    def count(self, min_frequency: int, progress: Progress | None) -> dict[tuple[int, ...], int]:
        """Frequencies of every n-gram (1..MAX_LENGTH) that can be or extend to a candidate."""
        ids = self.ids
        levels: list[Counter[tuple[int, ...]]] = []
        starts = [i for i, t in enumerate(ids) if t >= 0]
        counts: Counter[tuple[int, ...]] = Counter((ids[i],) for i in starts)
        levels.append(counts)
        for n in range(2, MAX_LENGTH + 1):
            previous = levels[-1]
            nxt: Counter[tuple[int, ...]] = Counter()
            kept = []
            for i in starts:
                j = i + n - 1
                if j >= len(ids) or ids[j] < 0:
                    continue
                if min_frequency > 1 and (
                    previous[tuple(ids[i:j])] < min_frequency
                    or previous[tuple(ids[i + 1 : j + 1])] < min_frequency
                ):
                    continue
                nxt[tuple(ids[i : j + 1])] += 1
                kept.append(i)
            if progress is not None:
                progress("counting", n, MAX_LENGTH)
            if not nxt:
                break
            levels.append(nxt)
            starts = kept
        frequencies: dict[tuple[int, ...], int] = {}
        for level in levels:
            for key, f in level.items():
                if f >= min_frequency:
                    frequencies[key] = f
        return frequencies

    def _common_of_junctions(self, key: tuple[int, ...]) -> int:
        of = self.vocab.get("of")
        if of is None or of not in key:
            return 0
        capitalised = self._usually_capitalised
        return sum(
            1
            for k in range(1, len(key) - 1)
            if key[k] == of
            and not (
                capitalised(key[k - 1])
                and capitalised(key[k + 1] if self.kind[key[k + 1]] != 1 else key[k + 2])
            )
        )

    def is_candidate(self, key: tuple[int, ...]) -> bool:
        kind = self.kind
        first, last = kind[key[0]], kind[key[-1]]
        if first == 1 or last == 1 or last == 2 or (not self.chinese and _possessive(self.words[key[-1]])):
            return False
        if key[0] in self.comparative:
            return False
        if not self.chinese and len(key) > 4 and self._common_of_junctions(key) >= 2:
            return False  # two phrases chained by "of ... of" ("implementation of the decision of the Board")
        # A Chinese verb at either edge makes a clause, not a term; an English participle or adverb may begin
        # one ("developing countries", "mutually beneficial cooperation"), weighed in B.
        return not (self.chinese and first == 2)


def _general_probability(word: str, general: dict[str, float]) -> float:
    p = general.get(word)
    if p is not None:
        return p
    parts = [w for w in re.split(r"[-']", word) if w]
    if len(parts) > 1:
        # A hyphenated compound ("people-to-people") is about as rare as its parts together.
        return max(1e-9, math.prod(general.get(w, 1e-8) for w in parts))
    return 1e-8


# -- scoring --------------------------------------------------------------------------------------------


def extract(
    segments: Iterable[Segment],
    lang: str,
    top: int | None = 50,
    progress: Progress | None = None,
    min_frequency: int | None = None,
) -> list[Candidate]:
    """The best ``top`` candidate terms (all when None) of ``segments`` in ``lang``, best first."""
    corpus = _Corpus(lang)
    for n, segment in enumerate(segments, 1):
        corpus.add(segment)
        if progress is not None and n % 2000 == 0:
            progress("reading", n, None)
    if progress is not None:
        progress("reading", len(corpus.segments), len(corpus.segments))
    corpus.classify()
    if min_frequency is None:
        min_frequency = 1 if sum(corpus.word_freq.values()) <= SMALL_CORPUS else 2
    frequencies = corpus.count(min_frequency, progress)
    corpus.counted = frequencies
    scored = _score(corpus, frequencies, progress)
    chosen = scored if top is None else scored[:top]
    return _with_evidence(corpus, chosen)


def _score(
    corpus: _Corpus, frequencies: dict[tuple[int, ...], int], progress: Progress | None
) -> list[tuple[float, tuple[int, ...], dict[str, float]]]:
    candidates = {k: f for k, f in frequencies.items() if corpus.is_candidate(k)}
    shapes = _shapes(corpus, candidates)
    if progress is not None:
        progress("scoring", 1, 3)
    nested_max: Counter[tuple[int, ...]] = Counter()
    for key, f in candidates.items():
        n = len(key)
        if n == 1:
            continue
        junctions = shapes[key].junctions
        seen = set()
        kind = corpus.kind
        for a in range(n):
            for b in range(a + 1, n + 1):
                sub = key[a:b]
                if b - a == n or sub in seen or sub not in candidates:
                    continue
                seen.add(sub)
                # A once-seen phrase that adds a phrase junction ("mediation in the ASEAN way") is a
                # context of the shorter candidate, not a longer term that contains it.
                # So is a participle that begins a longer candidate ("supporting ASEAN centrality").
                if a > 0 and kind[key[0]] == 2 and _PARTICIPLE.match(corpus.words[key[0]]):
                    continue
                if (f >= 2 or junctions == shapes[sub].junctions) and f > nested_max[sub]:
                    nested_max[sub] = f
    if progress is not None:
        progress("scoring", 2, 3)
    general = _general(corpus.lang)
    total = sum(corpus.word_freq.values()) or 1
    weirdness: dict[int, float] = {}
    for tid, f in corpus.word_freq.items():
        ratio = (f / total) / _general_probability(corpus.words[tid], general)
        weirdness[tid] = max(0.1, math.log10(ratio)) if ratio > 0 else 0.1
    kind = corpus.kind
    results = []
    for key, f in candidates.items():
        n = len(key)
        shape = shapes[key]
        # A single word counts only where no longer candidate explains it: "Republic" is a term in none of
        # "Syrian Arab Republic", "Republic of Korea", "Central African Republic".
        nested = max(nested_max.get(key, 0), shape.inside) if n == 1 else nested_max.get(key, 0)
        c_value = math.log2(n + 1) * (f - nested)
        if c_value <= 0:
            continue
        content = [t for t in key if kind[t] != 1]
        specific = [weirdness[t] for t in content]
        # The mean says how technical the phrase is; the max keeps one rare word ("rejuvenation") from being
        # drowned by the common ones around it.
        termhood = (sum(specific) / len(specific) + max(specific)) / 2
        if n == 1 and corpus.chinese:
            unithood = UNIGRAM_ZH
        elif n == 1:
            unithood = UNIGRAM * min(1.0, termhood / UNIGRAM_TERMHOOD) ** 2
        else:
            weight = shape.junctions - shape.complements / 2
            unithood = (f / min(corpus.word_freq[t] for t in content)) ** 0.5 * JUNCTION**weight
            if f == 1:
                unithood /= 1 + 0.15 * max(0, len(content) - 4)
        boundary = (0.4 + 0.6 * shape.left / f) * (0.4 + 0.6 * shape.right / f)
        if not corpus.chinese and kind[key[0]] == 2:
            boundary *= 0.5
        name = 1 + shape.capitalised / len(content) + (0.5 if shape.name_link else 0.0)
        d = max(1, shape.documents)
        recurrence = (1 + math.log2(d)) * (1 + math.log2(f)) ** 0.5
        score = c_value * termhood * unithood * boundary * name * recurrence
        factors = {
            "C": round(c_value, 3), "T": round(termhood, 3), "U": round(unithood, 3), "B": round(boundary, 3),
            "S": round(name, 3), "R": round(recurrence, 3),
        }  # fmt: skip
        results.append((score, key, factors))
    results = _contexts_demoted(results, candidates, shapes)
    results.sort(key=lambda r: (-r[0], r[1]))
    if progress is not None:
        progress("scoring", 3, 3)
    return results


def _contexts_demoted(
    results: list[tuple[float, tuple[int, ...], dict[str, float]]],
    candidates: dict[tuple[int, ...], int],
    shapes: dict[tuple[int, ...], _Shape],
) -> list[tuple[float, tuple[int, ...], dict[str, float]]]:
    """A phrase seen once that is a better-scored candidate with words attached through a phrase junction
    ("benchmark of | good-neighborliness and friendship", "stage-based outcomes | of negotiations",
    "China-ASEAN community | with a shared future") is that candidate in a context, not a term of its own:
    its unithood takes one more junction factor."""
    scores = {key: score for score, key, _ in results}
    demoted = []
    for score, key, factors in results:
        if candidates[key] == 1 and any(
            scores.get(key[:first], 0.0) > score or scores.get(key[end:], 0.0) > score
            for first, end in shapes[key].junction_runs
        ):
            score *= JUNCTION
            factors = {**factors, "U": round(factors["U"] * JUNCTION, 3)}
        demoted.append((score, key, factors))
    return demoted


@dataclass
class _Shape:
    """How a candidate's occurrences look: boundaries, capitals and the junctions between its words."""

    left: float = 0.0
    """Occurrences whose left neighbour is a start, a break or a linking word (a headline's count half)."""
    right: float = 0.0
    capitalised: float = 0.0
    """Content words usually written capitalised away from a sentence start."""
    name_link: bool = False
    """A linking word between two capitalised words: "Treaty of Amity", "Code of Conduct"."""
    junctions: int = 0
    """Runs of linking words between words that are not both capitalised: "community with a shared"."""
    complements: int = 0
    """Of those, the links that build English terms: a complement with "of" or "to" ("rejuvenation of the
    Chinese nation", "path to modernization") and two words joined by "and" ("good-neighborliness and
    friendship")."""
    documents: int = 0
    last_document: int = -1
    inside: int = 0
    """For a single word: its occurrences inside a longer candidate seen at least twice ("Security" in
    "Security Council", "United" in "United Nations")."""
    junction_runs: list[tuple[int, int]] = field(default_factory=list)
    """Where the phrase junctions are: (first, end) of each run of linking words counted as one."""


def _shapes(corpus: _Corpus, candidates: dict[tuple[int, ...], int]) -> dict[tuple[int, ...], _Shape]:
    ids, kind, capitals = corpus.ids, corpus.kind, corpus.capitals
    caps: dict[tuple[int, ...], list[int]] = {}
    shapes: dict[tuple[int, ...], _Shape] = {}
    covered = bytearray(len(ids))  # 1 where a longer candidate seen at least twice covers the word
    for i, key in _occurrences(corpus, candidates):
        shape = shapes.get(key)
        if shape is None:
            shape = shapes[key] = _Shape()
            caps[key] = [0] * len(key)
        if len(key) > 1 and candidates[key] >= 2:
            covered[i : i + len(key)] = b"\x01" * len(key)
        before = ids[i - 1] if i > 0 else -1
        after = ids[i + len(key)] if i + len(key) < len(ids) else -1
        # A comparative before the phrase grades it ("closer | China-ASEAN cooperation"); a participle or an
        # adverb after it opens a clause ("a shared future | proposed by").
        # Headlines drop the articles and auxiliaries that mark where a phrase ends: half the evidence.
        weight = 0.5 if corpus.headlines[corpus.segment_at[i]] else 1.0
        if before < 0 or kind[before] in (1, 2) or before in corpus.comparative:
            shape.left += weight
        if (
            after < 0
            or (kind[after] == 2 and not corpus.chinese)
            or (kind[after] == 1 and not _coordinated(corpus, i + len(key) + 1))
        ):
            shape.right += weight
        doc = corpus.segments[corpus.segment_at[i]][1]
        if doc != shape.last_document:
            shape.last_document = doc
            shape.documents += 1
        counts = caps[key]
        for k in range(len(key)):
            counts[k] += capitals[i + k]
    for i in itertools.compress(range(len(ids)), covered):
        single = shapes.get((ids[i],))
        if single is not None:
            single.inside += 1
    for key, shape in shapes.items():
        f = candidates[key]
        capital = [c * 2 > f for c in caps[key]]
        shape.capitalised = sum(capital[k] for k, t in enumerate(key) if kind[t] != 1)
        k = 1
        while k < len(key) - 1:
            if kind[key[k]] != 1:
                k += 1
                continue
            run_end = k
            while kind[key[run_end]] == 1:
                run_end += 1
            run = [corpus.words[t] for t in key[k:run_end]]
            # "and the" coordinates two phrases, even two names ("the Belt and Road Initiative and the ASEAN
            # Outlook"); inside one name "and" joins words ("Treaty of Amity and Cooperation").
            coordination = any(w in _CONJUNCTIONS and nxt in _ARTICLES for w, nxt in itertools.pairwise(run))
            proper = (
                not corpus.chinese and run[0] not in _CONJUNCTIONS and _proper_name(corpus.words[key[k - 1]])
            )
            if capital[k - 1] and capital[run_end] and not coordination and not proper:
                shape.name_link = True
                k = run_end
                continue
            shape.junction_runs.append((k, run_end))
            if proper:
                # Inside a name a preposition follows its head noun ("Treaty of", "Code of Conduct in"); after
                # a proper name it adds a phrase about the name ("Kao Kim Hourn in Beijing").
                shape.junctions += 2
            elif not capital[k - 1] and all(
                capital[m] for m in range(run_end, len(key)) if kind[key[m]] != 1
            ):
                # A common word with a name attached ("spirit of the Treaty of...", "work with ASEAN") is a
                # phrase about the name, not a term.
                shape.junctions += 2
            else:
                shape.junctions += 1
                if not corpus.chinese and not capital[k - 1] and (run == ["and"] or run in _COMPLEMENTS):
                    shape.complements += 1
            k = run_end
        # A possessive followed by a common word is a phrase ("China's joining"); "People's Republic" a name.
        # So is an adverb inside ("China fully supports").
        shape.junctions += sum(
            1
            for k in range(len(key) - 1)
            if (_possessive(corpus.words[key[k]]) and not capital[k + 1])
            or (
                k > 0
                and kind[key[k]] == 2
                and not corpus.chinese
                and not _PARTICIPLE.match(corpus.words[key[k]])
            )
        )
    return shapes


def _coordinated(corpus: _Corpus, after: int) -> bool:
    """Whether a conjunction just before ``after`` joins another word to the phrase's last one ("benchmark of
    good-neighborliness | and friendship"), rather than a new noun phrase ("Belt and Road Initiative | and the
    ASEAN Outlook")."""
    ids = corpus.ids
    if corpus.chinese or after >= len(ids) or corpus.words[ids[after - 1]] not in _CONJUNCTIONS:
        return False
    # "and increase cultural exchanges" joins a verb phrase: the noun phrase before it is complete.
    return (
        ids[after] >= 0 and corpus.kind[ids[after]] != 1 and "VERB" not in _lemmas(corpus.words[ids[after]])
    )


def _occurrences(
    corpus: _Corpus, wanted: set[tuple[int, ...]] | dict[tuple[int, ...], int]
) -> Iterator[tuple[int, tuple[int, ...]]]:
    """(position, key) of every occurrence of the wanted keys."""
    ids, counted = corpus.ids, corpus.counted
    longest = max((len(k) for k in wanted), default=0)
    size = len(ids)
    for i in range(size):
        if ids[i] < 0:
            continue
        for j in range(i + 1, min(size, i + longest) + 1):
            if ids[j - 1] < 0:
                break
            key = tuple(ids[i:j])
            # Only n-grams whose prefix was counted were counted: a longer one cannot be wanted.
            if key not in counted:
                break
            if key in wanted:
                yield i, key


def _with_evidence(
    corpus: _Corpus, chosen: list[tuple[float, tuple[int, ...], dict[str, float]]]
) -> list[Candidate]:
    wanted = {key for _, key, _ in chosen}
    units: dict[tuple[int, ...], list[int]] = {k: [] for k in wanted}
    docs: dict[tuple[int, ...], set[int]] = {k: set() for k in wanted}
    freq: Counter[tuple[int, ...]] = Counter()
    forms: dict[tuple[int, ...], Counter[str]] = {k: Counter() for k in wanted}
    sep = "" if corpus.chinese else " "
    usual = _usual_forms(corpus)
    people: set[tuple[int, ...]] = set()
    for i, key in _occurrences(corpus, wanted):
        unit_id, doc = corpus.segments[corpus.segment_at[i]]
        if i in corpus.after_title:
            people.add(key)
        freq[key] += 1
        docs[key].add(doc)
        if not units[key] or units[key][-1] != unit_id:
            units[key].append(unit_id)
        written = corpus.surfaces[i : i + len(key)]
        if not corpus.chinese and (i == 0 or corpus.segment_at[i] != corpus.segment_at[i - 1]):
            # A segment's first word is capitalised whatever it is: use the word's usual form.
            written = [usual.get(key[0], written[0]), *written[1:]]
        forms[key][sep.join(written)] += 1
    return [
        Candidate(
            text=forms[key].most_common(1)[0][0] if forms[key] else _join(corpus, key),
            score=round(score, 4),
            frequency=freq[key],
            documents=len(docs[key]),
            units=tuple(dict.fromkeys(units[key])),
            unit_count=len(set(units[key])),
            factors=factors,
            kind=kind_of(
                forms[key].most_common(1)[0][0] if forms[key] else _join(corpus, key),
                corpus.lang,
                key in people,
            ),
        )
        for score, key, factors in chosen
    ]


# Head words that tell what a name names (lists of words, not of phrases). The head of an English name is its
# last word before a complement ("Treaty | of Amity ...", "ASEAN Outlook | on the Indo-Pacific").
_MEETING_DOCUMENT_HEADS = _words(
    """treaty convention declaration charter protocol resolution resolutions agreement summit meeting
    meeting-plus conference forum session dialogue code outlook initiative plan report statement communique
    communiqu\u00e9 accord document expo strategy agenda vision roadmap framework memorandum decision
    principles act law constitution covenant paper consensus partnership"""
)
_ORGANISATION_HEADS = _words(
    """council commission committee union organization organisation association assembly secretariat agency
    authority bank fund group court mission office service corporation department ministry government
    programme program nations institute centre center party army parliament congress board coalition
    alliance administration forces"""
)
_PLACE_HEADS = _words(
    """sea ocean asia africa europe america island islands republic kingdom states region city province
    mountains river strait peninsula gulf bay coast east territory territories governorate"""
)
_COMPLEMENT_WORDS = frozenset({"of", "for", "on", "to", "in", "between", "among"})
_ZH_KINDS = (
    (
        "title",
        ("秘书长", "主席", "总理", "部长", "书记", "总统", "大使", "国务委员", "外长", "特使", "发言人"),
    ),
    (
        "organisation",
        ("委员会", "组织", "联盟", "政府", "国务院", "协会", "银行", "基金", "秘书处", "联合国", "党"),
    ),
    (
        "meeting/document",
        (
            "会议",
            "峰会",
            "论坛",
            "宣言",
            "条约",
            "公约",
            "协定",
            "宪章",
            "报告",
            "倡议",
            "纲要",
            "规划",
            "决议",
        ),
    ),
    ("place", ("省", "自治区", "特别行政区", "海", "岛", "洲")),
)


def kind_of(text: str, lang: str, after_title: bool = False) -> str:
    """What a candidate names, from its form: a person (a name seen right after a title of office), a title
    of office, an organisation, a meeting or document, a place (by the head word of a capitalised name, or
    a single name), else a term."""
    if base_language(lang) == "zh":
        for kind, endings in _ZH_KINDS:
            if text.endswith(endings):
                return kind
        return "term"
    if after_title:
        return "person"
    words = text.split()
    content = [w for w in words if w.casefold() not in _LINKING_EN]
    head = next((words[k - 1] for k in range(1, len(words)) if words[k] in _COMPLEMENT_WORDS), words[-1])
    key = head.casefold().replace("\u2019", "'")
    if key in _TITLE_WORDS or key.rsplit("-", 1)[-1] in _TITLE_WORDS:
        return "title"
    if not all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return "term"
    if key in _MEETING_DOCUMENT_HEADS:
        return "meeting/document"
    if key in _ORGANISATION_HEADS:
        return "organisation"
    if key in _PLACE_HEADS:
        return "place"
    if len(words) == 1:
        return "organisation" if len(text) > 1 and text.replace("-", "").isupper() else "place"
    return "term"


def _join(corpus: _Corpus, key: tuple[int, ...]) -> str:
    sep = "" if corpus.chinese else " "
    return sep.join(corpus.words[t] for t in key)


def _usual_forms(corpus: _Corpus) -> dict[int, str]:
    """Each word's commonest form away from a sentence start ("ASEAN", "way")."""
    best: dict[int, tuple[int, str]] = {}
    for (tid, surface), n in corpus.forms.items():
        if n > best.get(tid, (0, ""))[0]:
            best[tid] = (n, surface)
    return {tid: surface for tid, (_, surface) in best.items()}


# -- the whole run: extract, propose, store ---------------------------------------------------------------


@dataclass(frozen=True)
class Extraction:
    """What one extraction run found and stored."""

    candidates: list[Candidate]
    proposals: list[Any]
    """``glossary.equivalents.Proposal`` per candidate (empty when no unit has the target language)."""
    stored: Any
    """``glossary.termbase.MergeResult``, or None when nothing was stored."""
    concept_ids: list[int | None]
    """The termbase concept that stands for each candidate (None when not stored)."""


def extract_into_termbase(
    workspace: Workspace,
    lang: str = "en",
    target: str | None = "zh-CN",
    origin: Origins = None,
    top: int = 50,
    store: bool = True,
    progress: Progress | None = None,
) -> Extraction:
    """Extract the ``top`` candidates of ``lang``, propose ``target`` equivalents from the aligned units,
    and store them as candidate concepts (idempotently: see ``Termbase.merge_candidates``)."""
    from glossary.equivalents import bilingual_pairs, propose
    from glossary.termbase import Termbase

    termbase = Termbase(workspace)
    candidates = extract(segments_of(workspace, lang, origin), lang, top, progress)
    proposals: list[Any] = []
    if target is not None and candidates:
        pairs = bilingual_pairs(workspace, lang, target, origin)
        if pairs:
            proposals = propose(candidates, pairs, lang, target, termbase, progress=progress)
    found = Extraction(candidates, proposals, None, [None] * len(candidates))
    return store_candidates(workspace, found, lang, target) if store and candidates else found


def store_candidates(workspace: Workspace, found: Extraction, lang: str, target: str | None) -> Extraction:
    """Store what ``extract_into_termbase(..., store=False)`` found as candidate concepts, in one
    transaction: the workbench computes first (cancellable, nothing written), then stores."""
    from glossary.model import Concept, Term
    from glossary.termbase import Termbase, extraction_key

    termbase = Termbase(workspace)
    candidates, proposals = found.candidates, found.proposals
    ids: list[int | None] = [None] * len(candidates)
    concepts = []
    for n, candidate in enumerate(candidates):
        terms = [Term(lang, candidate.text)]
        best = proposals[n].best if proposals else None
        # A proposal is stored only on evidence: two units at least (one co-occurrence is chance as often
        # as not), and a confidence above MIN_CONFIDENCE. It stays a candidate until a person approves it.
        if (
            best is not None
            and target is not None
            and not best.known
            and not best.weak
            and best.confidence >= MIN_CONFIDENCE
        ):
            terms.append(Term(target, best.text, status="admitted", note=f"confidence {best.confidence}"))
        concepts.append(
            Concept(
                terms=tuple(terms),
                status="candidate",
                origin="extracted",
                score=candidate.score,
                evidence=candidate.units[:EVIDENCE],
                note=f"{candidate.frequency} occurrences in {candidate.documents} documents",
            )
        )
    with workspace.atomic() as conn:
        stored = termbase.merge_candidates(concepts, lang)
        for n, candidate in enumerate(candidates):
            same = termbase._same_concept(lang, candidate.text, extraction_key(lang, candidate.text))
            ids[n] = same.id if same is not None else None
        # The kind follows the extractor while the concept is a candidate; a person's concept keeps its own.
        conn.executemany(
            "INSERT INTO extraction_kind(concept_id, kind) VALUES (?, ?) ON CONFLICT(concept_id) DO UPDATE "
            "SET kind = excluded.kind WHERE (SELECT status FROM concept WHERE id = excluded.concept_id) = "
            "'candidate'",
            [(cid, c.kind) for cid, c in zip(ids, candidates, strict=True) if cid is not None],
        )
    return Extraction(candidates, proposals, stored, ids)


def candidate_kinds(workspace: Workspace) -> dict[int, str]:
    """Concept id -> the kind extraction gave it (``KINDS``), for the concepts it stored."""
    import glossary.migrations  # noqa: F401  (the extraction_kind table exists once this is imported)

    rows = workspace.connection.execute("SELECT concept_id, kind FROM extraction_kind").fetchall()
    return {int(cid): str(kind) for cid, kind in rows}


EVIDENCE = 20
"""How many translation units a stored candidate keeps as evidence."""
MIN_CONFIDENCE = 0.3
"""A proposed equivalent below this Dice value is shown but not stored with the candidate."""
