"""The corpus extraction reads: segments of the workspace, their tokens with breaks, word kinds and n-gram counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from glossary.extract.lexicon import (
    ARTICLES,
    CONJUNCTIONS,
    GOVERNED,
    MONTHS,
    NEGATED_MODALS,
    PARTICIPLE,
    PARTICLES,
    TITLE_WORDS,
    ZH_HEADS,
    ZH_NOT_FIRST,
    ZH_QUANTIFIERS,
    WordKind,
    base_verb,
    comparative,
    finite_or_base_verb,
    lemmas,
    only,
    plural_noun,
    possessive,
    unknown_name,
    verb_s,
)
from memories.langs import base_language, same_language
from memories.model import TranslationUnit
from memories.progress import Progress
from memories.store import Workspace
from memories.tokens import (
    BOUND_ZH,
    BREAKING_EN,
    BREAKING_ZH,
    LINKING_EN,
    LINKING_ZH,
    PhraseToken,
    chinese_verbs,
    phrase_tokens,
)

__all__ = [
    "BOUND_SHARE",
    "CLOSES",
    "MAX_LENGTH",
    "OPENS",
    "Corpus",
    "Origins",
    "Segment",
    "SegmentOrigin",
    "segments_of",
    "units_of",
]

QUOTE_OPENING = ('"', "“", "《", "「", "『")
"""Marks that open a quotation or a title: what they enclose is a coined expression or a name (“一带一路”,
《联合国宪章》). Chinese text reaches the tokens normalised, its curly quotes written straight."""
QUOTE_CLOSING = ('"', "”", "》", "」", "』")
OPENS, CLOSES = "\x01open", "\x01close"
"""What a break's surface holds where the break is a mark that opens or closes a quotation."""

MAX_LENGTH = 20
"""The longest candidate, in tokens ("IAEA Forum on Experience of Possible Relevance to the Creation of a
Nuclear-Weapon-Free Zone in the Middle East" is 17; a name cut by the limit leaves its windows as candidates)."""

BOUND_SHARE = 0.5
"""A Chinese numeral-classifier or negation (一个, 不) belongs to a candidate when at least this share of the
occurrences of the words after it follow it: 中国原则 is always 一个中国原则, while 中国 and 国家 are mostly said
without 一个 (一个中国, 一个国家 are no candidates)."""

# Module names for the kinds: the loops over every position of the corpus read them millions of times.
_CONTENT, _LINKING, _EDGE, _FINITE_VERB, _BOUND = (
    WordKind.CONTENT,
    WordKind.LINKING,
    WordKind.EDGE,
    WordKind.FINITE_VERB,
    WordKind.BOUND,
)


@dataclass(frozen=True)
class Segment:
    """One source-language segment: the text and where it comes from."""

    unit_id: int
    document: str
    text: str


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


@dataclass(frozen=True, slots=True)
class SegmentOrigin:
    """Where a segment of the corpus comes from."""

    unit_id: int
    document: int
    """The document's number in the corpus (in order of first appearance)."""


def _names_after_titles(tokens: list[PhraseToken]) -> set[int]:
    """Indices of the tokens where a person's name begins right after a title of office: "President | Xi
    Jinping", "Minister of Foreign Affairs | Wang Yi" (a capitalised word no dictionary knows, or a known one
    followed by one: "Lee Hsien Loong")."""
    starts: set[int] = set()
    for j in range(1, len(tokens)):
        prev = j - 1
        if prev >= 3 and tokens[prev].surface == ")" and tokens[prev - 2].surface == "(":
            prev -= 3  # an abbreviation between title and name: "... Asian Nations (ASEAN) Kao Kim Hourn"
        before = tokens[prev]
        if not before.key or not before.surface[:1].isupper() or before.key in LINKING_EN:
            continue
        token = tokens[j]
        if not token.key or not token.surface[:1].isupper() or token.key in TITLE_WORDS:
            continue
        if not (
            unknown_name(token.key, token.surface)
            or (j + 1 < len(tokens) and unknown_name(tokens[j + 1].key, tokens[j + 1].surface))
        ):
            continue
        end = (
            j  # a person's name holds no plural noun ("Association of Southeast | Asian Nations" is no name)
        )
        while end < len(tokens) and tokens[end].key and tokens[end].surface[:1].isupper():
            end += 1
        if end - j > 4 or any(plural_noun(t.key) for t in tokens[j:end]):
            continue
        after = lemmas(tokens[end].key) if end < len(tokens) and tokens[end].key else {}
        if (
            "NOUN" in after and "VERB" not in after
        ):  # a name qualifying a noun: "the Sierra Leone configuration"
            continue
        k = prev  # the capitalised run before, linking words included, must hold a title word
        while k >= 0 and tokens[k].key and (tokens[k].surface[:1].isupper() or tokens[k].key in LINKING_EN):
            if tokens[k].key in TITLE_WORDS:
                starts.add(j)
                break
            k -= 1
    return starts


def _in_name(tokens: list[PhraseToken], n: int, title: bool) -> bool:
    """Whether a breaking word is part of a name: written capitalised away from a sentence start, outside a
    headline, before another capitalised word ("United Nations Mine Action Service", "the First
    Committee"); the pronoun "I" never is."""
    key, _, capital = tokens[n]
    if not capital or title or key == "i" or n + 1 >= len(tokens):
        return False
    following = tokens[n + 1]
    return following.capital and following.key not in BREAKING_EN


def _is_title_line(tokens: list[PhraseToken], linking: frozenset[str]) -> bool:
    """A headline in title case says nothing about which of its words are names."""
    words = [t for t in tokens if t.key and t.key not in linking]
    if tokens and not tokens[-1].key and tokens[-1].surface.endswith("."):
        return False  # a sentence, however many names it holds
    return len(words) >= 4 and sum(t.surface[0].isupper() for t in words) >= 0.8 * len(words)


class Corpus:
    """The token stream of all segments, with breaks, and the statistics the score needs."""

    def __init__(self, lang: str) -> None:
        self.chinese = base_language(lang) == "zh"
        self.lang = base_language(lang)
        self.linking = LINKING_ZH if self.chinese else LINKING_EN
        self.breaking = BREAKING_ZH if self.chinese else BREAKING_EN | NEGATED_MODALS
        self.bound = BOUND_ZH if self.chinese else frozenset()
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self.ids: list[int] = []  # -1 is a break (punctuation, breaking word, segment end)
        self.segment_at: list[int] = []  # index into self.segments for each position
        self.segments: list[SegmentOrigin] = []
        self.headlines: list[bool] = []  # per segment: a headline in title case
        self.documents: dict[str, int] = {}
        self.capital = Counter[int]()
        self.surface_counts = Counter[int]()
        self.word_freq = Counter[int]()
        self.kind: list[WordKind] = []  # per vocabulary id
        self.forms = Counter[tuple[int, str]]()  # how each word is written away from a sentence start
        self.surfaces: list[str] = []  # each position's word as written (a breaking word folded, else "")
        self.capitals = bytearray()  # 1 where the word is capitalised away from a sentence start
        self._interned: dict[str, str] = {}
        self.counted: dict[tuple[int, ...], int] = {}  # every n-gram counted, candidates or not
        self.comparative: frozenset[int] = frozenset()  # English comparatives written in lower case
        self.after_title: set[int] = set()  # positions where a person's name follows a title

    def add(self, segment: Segment) -> None:
        tokens = phrase_tokens(segment.text, self.chinese)
        title = not self.chinese and _is_title_line(tokens, self.linking)
        doc = self.documents.setdefault(segment.document, len(self.documents))
        seg = len(self.segments)
        self.segments.append(SegmentOrigin(segment.unit_id, doc))
        self.headlines.append(title)
        ids, at = self.ids, self.segment_at
        names = set() if self.chinese else _names_after_titles(tokens)
        quoting = False
        for n, (key, surface, capital) in enumerate(tokens):
            if n in names:  # a break between the title and the name, and the name's start remembered
                ids.append(-1)
                at.append(seg)
                self.surfaces.append("")
                self.capitals.append(0)
                self.after_title.add(len(ids))
            if (
                not key
                or (key in self.breaking and not _in_name(tokens, n, title))
                or key[:1].isdigit()
                or (key in MONTHS and not self.chinese)
            ):
                ids.append(-1)
                at.append(seg)
                # A breaking word is kept (in lower case) for the context rules of classify(), a quotation
                # mark for the quoted share of the score.
                if key in self.breaking:
                    self.surfaces.append(self._interned.setdefault(key, key))
                elif not key and surface.startswith(QUOTE_CLOSING) and (quoting or surface[0] != '"'):
                    self.surfaces.append(CLOSES)  # a straight quotation mark closes what the last opened
                    quoting = False
                elif not key and surface.endswith(QUOTE_OPENING):
                    self.surfaces.append(OPENS)
                    quoting = True
                else:
                    self.surfaces.append("")
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
        verbs = chinese_verbs() if self.chinese else frozenset()
        kinds: list[WordKind] = []
        for word in self.words:
            if word in self.linking:
                kinds.append(_LINKING)
            elif word in self.bound:
                kinds.append(_BOUND)
            elif self.chinese and word in verbs and word not in ZH_HEADS:
                kinds.append(_EDGE)
            elif not self.chinese and only(word, {"VERB", "AUX"}):
                kinds.append(_EDGE if PARTICIPLE.match(word) else _FINITE_VERB)
            elif not self.chinese and only(word, {"ADV"}):
                kinds.append(_EDGE)
            else:
                kinds.append(_CONTENT)
        self.kind = kinds
        if not self.chinese:
            self._break_verbs_after_names()  # before the finite verbs break, which it reads
        ids = self.ids
        for i, t in enumerate(ids):
            if t >= 0 and kinds[t] is _FINITE_VERB:  # a finite verb ends a noun phrase
                ids[i] = -1
        if not self.chinese:
            self._break_at_verbs_in_context()
            self._break_coordinated_names()
            self._break_coordinated_phrases()
            self.comparative = frozenset(
                t
                for t, word in enumerate(self.words)
                if comparative(word) and not self.usually_capitalised(t)
            )

    def usually_capitalised(self, tid: int) -> bool:
        """Whether the word is written capitalised in most of its occurrences away from a sentence start."""
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
                if self.surfaces[i + 1] in PARTICLES and "VERB" in lemmas(words[t]):
                    ids[i] = -1  # a particle makes a phrasal verb of the word before it ("pointed out")
                continue
            word, following = words[t], words[nxt]
            if following in PARTICLES and "VERB" in lemmas(word):  # "speed up"
                ids[i] = -1
            elif word == "to" and base_verb(following):
                ids[i] = ids[i + 1] = -1
            elif following in ARTICLES and (word in CONJUNCTIONS or "VERB" in lemmas(word)):
                # An article opens a noun phrase: the word before it governs it ("joining the") or joins two
                # noun phrases ("the Belt and Road Initiative and the ASEAN Outlook").
                ids[i] = -1
            elif kinds[t] is _EDGE and PARTICIPLE.match(word) and capitals[i + 1] and not lemmas(following):
                # A participle before a proper name governs it ("supporting ASEAN centrality"); before a
                # common noun, even a capitalised one, it qualifies it ("small island developing States").
                ids[i] = -1
            elif (
                (finite_or_base_verb(word) or (kinds[t] is _EDGE and word.endswith("ing")))
                and only(following, {"ADJ"})
                and not capitals[i]
            ):
                # An adjective follows a verb, not a noun: "increase cultural exchanges", "enabling broad
                # geographical coverage" (while "developing countries" is a term).
                ids[i] = -1
            elif kinds[t] is _EDGE and only(word, {"ADV"}) and finite_or_base_verb(following):
                ids[i + 1] = -1
            elif possessive(word) and capitals[i] and not capitals[i + 1] and kinds[nxt] is not _LINKING:
                ids[i] = -1
            elif (
                kinds[t] is _EDGE
                and word.endswith("ed")
                and PARTICIPLE.match(word)
                and not capitals[i]
                and kinds[nxt] is _LINKING
                and following not in CONJUNCTIONS
                and i > 0
                and ids[i - 1] >= 0
                and kinds[ids[i - 1]] is not _LINKING
            ):
                ids[
                    i
                ] = -1  # a participle after a noun opens a clause: "detention centre | located in the city"

    def _break_coordinated_phrases(self) -> None:
        """Two phrases of two words or more each joined by "and"/"or" are two terms ("contact tracers | and
        social mobilizers"), unless all four words are names ("African Union Peace and Security Council") or
        the first phrase ends with a title of office ("State Councilor and Foreign Minister")."""
        ids, kinds = self.ids, self.kind
        for i in range(2, len(ids) - 2):
            t = ids[i]
            if t < 0 or self.words[t] not in CONJUNCTIONS:
                continue
            around = (i - 2, i - 1, i + 1, i + 2)
            if all(ids[k] >= 0 and kinds[ids[k]] is not _LINKING for k in around) and not (
                all(self._name_at(k) for k in around) or self.words[ids[i - 1]] in TITLE_WORDS
            ):
                ids[i] = -1

    def _name_at(self, i: int) -> bool:
        t = self.ids[i] if 0 <= i < len(self.ids) else -1
        if t < 0 or self.kind[t] is _LINKING:
            return False
        surface = self.surfaces[i]
        return (
            bool(self.capitals[i]) or self.usually_capitalised(t) or (len(surface) > 1 and surface.isupper())
        )

    def _break_verbs_after_names(self) -> None:
        """A name's verb is not part of a term: "China hopes that", "the Group expresses its concern", "IAEA
        places great value", "the Group recalls and reaffirms" (a verb in -s after a name, known by what
        follows it: a governed word, a name, an adjective, an infinitive, or a second verb)."""
        ids, words, surfaces = self.ids, self.words, self.surfaces
        verb = [verb_s(w) for w in words]  # per word, not per position: this runs over the whole corpus
        for i in range(1, len(ids) - 1):
            t = ids[i]
            if t < 0 or not verb[t] or self.capitals[i] or not self._name_at(i - 1):
                continue
            nxt, after = ids[i + 1], ids[i + 2] if i + 2 < len(ids) else -1
            if nxt < 0:
                governed = surfaces[i + 1] in GOVERNED
            else:
                following = words[nxt]
                governed = (
                    following in ARTICLES
                    or self._name_at(i + 1)  # "China supports ASEAN"
                    or ("ADJ" in lemmas(following) and not self.capitals[i + 1])
                    or (following == "to" and after >= 0 and base_verb(words[after]))
                    or (following in CONJUNCTIONS and after >= 0 and verb[after])
                )
            if governed:
                ids[i] = -1

    def _break_coordinated_names(self) -> None:
        """Two names joined by "and"/"or" are the two sides, not one term ("China and ASEAN", "ASEAN and China
        countries"), when each name also stands alone in the text; a name whose halves never stand alone is
        one name ("Trinidad and Tobago"), and so is a coordination inside a longer name ("Economic and Social
        Council", "Turks and Caicos Islands")."""
        ids, words = self.ids, self.words
        conjunction = [w in CONJUNCTIONS for w in words]
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
            if not joins[i] or not (name[i - 1] and name[i + 1]):
                continue
            if name[i - 2] and name[i + 2] and words[ids[i - 1]] not in TITLE_WORDS:
                # Two names of two words or more each are two sides ("the United Nations and the African
                # Union", "HMS Argyll and HMS Severn"), unless they are one person's titles ("State Councilor
                # and Foreign Minister"); one name holds a coordination of single words ("Economic and Social
                # Council", "Food and Agriculture Organization").
                ids[i] = -1
            elif not (name[i - 2] or name[i + 2]) and alone[ids[i - 1]] and alone[ids[i + 1]]:
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
        capitalised = self.usually_capitalised
        return sum(
            1
            for k in range(1, len(key) - 1)
            if key[k] == of
            and not (
                capitalised(key[k - 1])
                and capitalised(key[k + 1] if self.kind[key[k + 1]] is not _LINKING else key[k + 2])
            )
        )

    def is_candidate(self, key: tuple[int, ...]) -> bool:
        kind = self.kind
        first, last = kind[key[0]], kind[key[-1]]
        if (
            first is _LINKING
            or last is _LINKING
            or last is _EDGE
            or last is _BOUND
            or (not self.chinese and possessive(self.words[key[-1]]))
        ):
            return False
        if key[0] in self.comparative:
            return False
        if self.chinese and (
            self.words[key[0]] in ZH_NOT_FIRST or self.words[key[0]].startswith(ZH_QUANTIFIERS)
        ):
            return False
        if not self.chinese and len(key) > 4 and self._common_of_junctions(key) >= 2:
            return False  # two phrases chained by "of ... of" ("implementation of the decision of the Board")
        # A Chinese verb at either edge makes a clause, not a term; an English participle or adverb may begin
        # one ("developing countries", "mutually beneficial cooperation"), weighed in B.
        if self.chinese and first is _EDGE:
            return False
        return not self.chinese or all(
            kind[t] is not _BOUND or self._bound_at(key, k) for k, t in enumerate(key)
        )

    def _bound_at(self, key: tuple[int, ...], k: int) -> bool:
        """Whether the numeral-classifier or negation at ``k`` belongs to the phrase: the words after it are
        said after it in at least ``BOUND_SHARE`` of their occurrences (一个 | 中国原则, 不 | 正当竞争), not
        mostly without it (一个 | 国家). Every part of a counted n-gram was counted."""
        counted = self.counted
        return counted.get(key[k:], 0) >= BOUND_SHARE * counted.get(key[k + 1 :], 0)
