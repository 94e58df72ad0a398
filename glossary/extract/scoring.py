"""Scoring: the candidates of a corpus ranked by C-value, termhood, unithood, boundaries, shape and recurrence."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from glossary.extract.corpus import CLOSES, OPENS, Corpus, Segment
from glossary.extract.kinds import kind_of
from glossary.extract.lexicon import (
    ARTICLES,
    COMPLEMENTS,
    CONJUNCTIONS,
    PARTICIPLE,
    WordKind,
    general_frequencies,
    lemmas,
    possessive,
    proper_name,
)
from glossary.extract.register import register
from memories.progress import Progress

__all__ = ["JUNCTION", "SMALL_CORPUS", "UNIGRAM", "UNIGRAM_TERMHOOD", "UNIGRAM_ZH", "Candidate", "extract"]

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
BOILERPLATE_SHARE = 0.1
"""A segment found word for word in this share of the documents (and in three or more) is boilerplate."""
COMMON = 1e-4
"""A word at least this frequent in general language (wordfreq's zipf 5: the language's commonest few thousand
words). A Chinese phrase made of such words only is general language (经济发展, 人民群众): its termhood is
its words'."""
COMMON_EDGE = 1e-4
"""An English word at least this frequent in general language (zipf 4: "effective", "existing", "positions")
that a phrase seen once adds to a shorter candidate qualifies that candidate; it does not make a new term."""
FIXED = 2.0
"""The mutual information per junction (log10) at which a Chinese phrase's fixedness leaves its score as is."""
ACRONYM = 0.6
"""Unithood of a single English word written in capitals ("UNSMIL", "IAEA"): an organisation or programme's
name, not general vocabulary, so not held to ``UNIGRAM_TERMHOOD``."""
JUNCTION = 0.45
"""Unithood factor per phrase junction (a linking word between words that are not both capitalised)."""

# Module names for the kinds: the loops over every occurrence read them millions of times.
_LINKING, _EDGE, _BOUND = WordKind.LINKING, WordKind.EDGE, WordKind.BOUND


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


@dataclass(frozen=True, slots=True)
class _Scored:
    """A candidate n-gram with its score, before its evidence is collected."""

    score: float
    key: tuple[int, ...]
    """The n-gram's vocabulary ids."""
    factors: dict[str, float]
    """The factors of the score (``C``, ``T``, ``U``, ``B``, ``S``, ``R``)."""


def general_probability(word: str, general: dict[str, float]) -> float:
    p = general.get(word)
    if p is not None:
        return p
    parts = [w for w in re.split(r"[-']", word) if w]
    if len(parts) > 1:
        # A hyphenated compound ("people-to-people") is about as rare as its parts together.
        return max(1e-9, math.prod(general.get(w, 1e-8) for w in parts))
    return 1e-8


def extract(
    segments: Iterable[Segment],
    lang: str,
    top: int | None = 50,
    progress: Progress | None = None,
    min_frequency: int | None = None,
) -> list[Candidate]:
    """The best ``top`` candidate terms (all when None) of ``segments`` in ``lang``, best first."""
    corpus = Corpus(lang)
    for n, segment in enumerate(without_boilerplate(list(segments)), 1):
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


def without_boilerplate(segments: list[Segment]) -> list[Segment]:
    """The segments without boilerplate: a segment written word for word in at least ``BOILERPLATE_SHARE`` of
    the documents (and in three or more) is a template of the publisher's (a licence notice, a salutation,
    a heading), not text of the author's. Documents that are mostly such segments are copies of one
    another, not documents with a template in them: theirs are kept."""
    where: dict[str, set[str]] = defaultdict(set)
    for segment in segments:
        where[segment.text.strip()].add(segment.document)
    documents = len({segment.document for segment in segments})
    least = max(3, BOILERPLATE_SHARE * documents)
    repeated = {text for text, found in where.items() if len(found) >= least}
    if not repeated:
        return segments
    size: Counter[str] = Counter()
    template: Counter[str] = Counter()
    for segment in segments:
        text = segment.text.strip()
        size[segment.document] += len(text)
        if text in repeated:
            template[segment.document] += len(text)
    copies = {document for document, n in template.items() if n * 2 > size[document]}
    return [s for s in segments if s.document in copies or s.text.strip() not in repeated]


def _score(
    corpus: Corpus, frequencies: dict[tuple[int, ...], int], progress: Progress | None
) -> list[_Scored]:
    candidates = {k: f for k, f in frequencies.items() if corpus.is_candidate(k)}
    shapes = _shapes(corpus, candidates)
    if progress is not None:
        progress("scoring", 1, 3)
    nested_max: Counter[tuple[int, ...]] = Counter()
    general = general_frequencies(corpus.lang)
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
                if a > 0 and kind[key[0]] is _EDGE and PARTICIPLE.match(corpus.words[key[0]]):
                    continue
                # Nor does a once-seen phrase that adds common words at its edges ("effective | collective
                # measures", "existing | nuclear weapons systems", "ISIL | positions"): the shorter term is
                # what a glossary keeps.
                if f == 1 and not corpus.chinese and _common_edges(corpus, key[:a] + key[b:], general):
                    continue
                if (f >= 2 or junctions == shapes[sub].junctions) and f > nested_max[sub]:
                    nested_max[sub] = f
    if progress is not None:
        progress("scoring", 2, 3)
    total = sum(corpus.word_freq.values()) or 1
    weirdness: dict[int, float] = {}
    for tid, f in corpus.word_freq.items():
        ratio = (f / total) / general_probability(corpus.words[tid], general)
        weirdness[tid] = max(0.1, math.log10(ratio)) if ratio > 0 else 0.1
    kind = corpus.kind
    results = []
    acronyms = _acronyms(corpus)
    registered = _registered(corpus)
    for key, f in candidates.items():
        n = len(key)
        shape = shapes[key]
        # A single word counts only where no longer candidate explains it: "Republic" is a term in none of
        # "Syrian Arab Republic", "Republic of Korea", "Central African Republic".
        nested = max(nested_max.get(key, 0), shape.inside) if n == 1 else nested_max.get(key, 0)
        c_value = math.log2(n + 1) * (f - nested)
        if c_value <= 0:
            continue
        content = [t for t in key if kind[t] is not _LINKING]
        specific = [weirdness[t] for t in content]
        # The mean says how technical the phrase is; the max keeps one rare word ("rejuvenation") from being
        # drowned by the common ones around it.
        termhood = (sum(specific) / len(specific) + max(specific)) / 2
        if corpus.chinese and n > 1 and not all(general.get(corpus.words[t], 0.0) >= COMMON for t in content):
            termhood = max(termhood, _phrase_termhood(corpus, key, f / total, general))
        if n == 1 and corpus.chinese:
            unithood = UNIGRAM_ZH
        elif n == 1 and key[0] in acronyms:
            unithood = ACRONYM
        elif n == 1:
            unithood = UNIGRAM * min(1.0, termhood / UNIGRAM_TERMHOOD) ** 2
            # A word always between two prepositions is part of a compound preposition ("in accordance
            # with", "with regard to"), not a term.
            unithood *= 1 - shape.framed / f
        else:
            weight = shape.junctions - shape.complements / 2
            unithood = (f / min(corpus.word_freq[t] for t in content)) ** 0.5 * JUNCTION**weight
            if corpus.chinese and len(content) > 1:
                unithood *= _fixedness(corpus, content, f, total)
            if f == 1:
                unithood /= 1 + 0.15 * max(0, len(content) - 4)
        boundary = (0.4 + 0.6 * shape.left / f) * (0.4 + 0.6 * shape.right / f)
        if not corpus.chinese and kind[key[0]] is _EDGE:
            boundary *= 0.5
        # A capitalised word alone that is no acronym is mostly a piece of a longer name ("Council",
        # "States"): its capital says nothing of its own.
        capitalised = shape.capitalised / len(content) if n > 1 or key[0] in acronyms else 0.0
        name = 1 + capitalised + (0.5 if shape.name_link else 0.0) + shape.quoted / f
        d = max(1, shape.documents)
        recurrence = (1 + math.log2(d)) * (1 + math.log2(f)) ** 0.5
        # The register: a phrase that recurs across diplomatic documents is a term even when its words are
        # common ("terms of reference", "technical assistance").
        # A single word only when it is a term of its own by its termhood or as an acronym: "Secretary-General",
        # not "Security" (inside "Security Council").
        weighed = n > 1 or key[0] in acronyms or termhood >= UNIGRAM_TERMHOOD
        recurs = registered.get(key, 0) if weighed else 0
        register_factor = 1 + math.log2(1 + recurs)
        score = c_value * termhood * unithood * boundary * name * recurrence * register_factor
        factors = {
            "C": round(c_value, 3), "T": round(termhood, 3), "U": round(unithood, 3), "B": round(boundary, 3),
            "S": round(name, 3), "R": round(recurrence, 3), "G": round(register_factor, 3),
        }  # fmt: skip
        results.append(_Scored(score, key, factors))
    results = _contexts_demoted(results, candidates, shapes)
    results.sort(key=lambda r: (-r.score, r.key))
    if progress is not None:
        progress("scoring", 3, 3)
    return results


def _registered(corpus: Corpus) -> dict[tuple[int, ...], int]:
    """The register's counts by the corpus's vocabulary ids (phrases with a word the corpus lacks left out)."""
    vocab = corpus.vocab
    found: dict[tuple[int, ...], int] = {}
    for phrase, segments in register(corpus.lang).items():
        ids = tuple(vocab.get(word, -1) for word in phrase.split(" "))
        if -1 not in ids:
            found[ids] = segments
    return found


def _acronyms(corpus: Corpus) -> set[int]:
    """The English words written in capitals in most of their occurrences ("UNSMIL", "IAEA", "ISIL")."""
    if corpus.chinese:
        return set()
    upper: Counter[int] = Counter()
    for (tid, surface), count in corpus.forms.items():
        if len(surface) > 1 and surface.isupper():
            upper[tid] += count
    return {tid for tid, count in upper.items() if count * 2 > corpus.surface_counts[tid]}


def _common_edges(corpus: Corpus, extra: tuple[int, ...], general: dict[str, float]) -> bool:
    """Whether the words a longer phrase adds are all common words of general language (wordfreq frequency
    ``COMMON_EDGE`` and up), in lower case, and no linking word."""
    return all(
        corpus.kind[t] is not _LINKING
        and not corpus.usually_capitalised(t)
        and general.get(corpus.words[t], 0.0) >= COMMON_EDGE
        for t in extra
    )


def _phrase_termhood(corpus: Corpus, key: tuple[int, ...], share: float, general: dict[str, float]) -> float:
    """Termhood of a Chinese phrase as a whole: log10 of how much more often this text uses it than general
    language would, estimated as wordfreq estimates a phrase it has not seen whole (the harmonic sum of its
    words' frequencies, divided by 10 for each word break jieba inferred)."""
    inverse = sum(1 / general_probability(corpus.words[t], general) for t in key)
    ratio = share / (1 / inverse / 10 ** (len(key) - 1))
    return math.log10(ratio) if ratio > 10**0.1 else 0.1


def _fixedness(corpus: Corpus, content: list[int], f: int, total: int) -> float:
    """How fixed a Chinese phrase is: its pointwise mutual information per word junction (log10 of how much
    more often its words occur together than apart, in this text), over ``FIXED``, squared (at least 0.01).
    一带一路 (4.0) and 人类命运共同体 (3.6) are always said so; 经济发展 (0.9) and 人民群众 (1.7) are words
    that meet."""
    together = f * total ** (len(content) - 1) / math.prod(corpus.word_freq[t] for t in content)
    pmi = math.log10(together) / (len(content) - 1)
    return max(0.1, pmi / FIXED) ** 2


def _contexts_demoted(
    results: list[_Scored],
    candidates: dict[tuple[int, ...], int],
    shapes: dict[tuple[int, ...], _Shape],
) -> list[_Scored]:
    """A phrase seen once that is a better-scored candidate with words attached through a phrase junction
    ("benchmark of | good-neighborliness and friendship", "stage-based outcomes | of negotiations",
    "China-ASEAN community | with a shared future") is that candidate in a context, not a term of its own:
    its unithood takes one more junction factor."""
    scores = {r.key: r.score for r in results}
    demoted = []
    for result in results:
        score, key, factors = result.score, result.key, result.factors
        if candidates[key] == 1 and any(
            scores.get(key[:first], 0.0) > score or scores.get(key[end:], 0.0) > score
            for first, end in shapes[key].junction_runs
        ):
            score *= JUNCTION
            factors = {**factors, "U": round(factors["U"] * JUNCTION, 3)}
        demoted.append(_Scored(score, key, factors))
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
    framed: int = 0
    """For a single word: occurrences between two linking words, neither an article ("in | accordance |
    with")."""
    quoted: int = 0
    """Occurrences enclosed in quotation marks or title marks, and nothing else: “一带一路”, the "ASEAN way"."""
    documents: int = 0
    last_document: int = -1
    inside: int = 0
    """For a single word: its occurrences inside a longer candidate seen at least twice ("Security" in
    "Security Council", "United" in "United Nations")."""
    junction_runs: list[tuple[int, int]] = field(default_factory=list)
    """Where the phrase junctions are: (first, end) of each run of linking words counted as one."""


def _shapes(corpus: Corpus, candidates: dict[tuple[int, ...], int]) -> dict[tuple[int, ...], _Shape]:
    ids, kind, capitals = corpus.ids, corpus.kind, corpus.capitals
    caps: dict[tuple[int, ...], list[int]] = {}
    shapes: dict[tuple[int, ...], _Shape] = {}
    # 1 where a longer candidate seen at least twice covers the word, or a longer name holds it
    covered = bytearray(len(ids))
    acronyms = _acronyms(corpus)
    for i, key in _occurrences(corpus, candidates):
        shape = shapes.get(key)
        if shape is None:
            shape = shapes[key] = _Shape()
            caps[key] = [0] * len(key)
        if len(key) > 1 and candidates[key] >= 2:
            covered[i : i + len(key)] = b"\x01" * len(key)
        elif len(key) > 1 and _written_as_name(corpus, i, key):
            for k in range(i, i + len(key)):
                if ids[k] not in acronyms:  # an acronym is a name of its own, inside a longer one too
                    covered[k] = 1
        before = ids[i - 1] if i > 0 else -1
        after = ids[i + len(key)] if i + len(key) < len(ids) else -1
        # A comparative before the phrase grades it ("closer | China-ASEAN cooperation"); a participle or an
        # adverb after it opens a clause ("a shared future | proposed by").
        # Headlines drop the articles and auxiliaries that mark where a phrase ends: half the evidence.
        weight = 0.5 if corpus.headlines[corpus.segment_at[i]] else 1.0
        # A numeral-classifier or negation outside the phrase (一个 | 国家, 中国 | 不) bounds it as the
        # breaking words do.
        if before < 0 or kind[before] in (_LINKING, _EDGE, _BOUND) or before in corpus.comparative:
            shape.left += weight
        if (
            after < 0
            or kind[after] is _BOUND
            or (kind[after] is _EDGE and not corpus.chinese)
            or (kind[after] is _LINKING and not _coordinated(corpus, i + len(key) + 1))
        ):
            shape.right += weight
        if (
            len(key) == 1
            and before >= 0
            and after >= 0
            and kind[before] is _LINKING
            and kind[after] is _LINKING
            and corpus.words[before] not in ARTICLES
        ):
            shape.framed += 1
        if i > 0 and corpus.surfaces[i - 1] is OPENS and corpus.surfaces[i + len(key)] is CLOSES:
            shape.quoted += 1
        doc = corpus.segments[corpus.segment_at[i]].document
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
        shape.capitalised = sum(capital[k] for k, t in enumerate(key) if kind[t] is not _LINKING)
        k = 1
        while k < len(key) - 1:
            if kind[key[k]] is not _LINKING:
                k += 1
                continue
            run_end = k
            while kind[key[run_end]] is _LINKING:
                run_end += 1
            run = [corpus.words[t] for t in key[k:run_end]]
            # "and the" coordinates two phrases, even two names ("the Belt and Road Initiative and the ASEAN
            # Outlook"); inside one name "and" joins words ("Treaty of Amity and Cooperation").
            coordination = any(w in CONJUNCTIONS and nxt in ARTICLES for w, nxt in itertools.pairwise(run))
            proper = (
                not corpus.chinese and run[0] not in CONJUNCTIONS and proper_name(corpus.words[key[k - 1]])
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
                capital[m] for m in range(run_end, len(key)) if kind[key[m]] is not _LINKING
            ):
                # A common word with a name attached ("spirit of the Treaty of...", "work with ASEAN") is a
                # phrase about the name, not a term.
                shape.junctions += 2
            else:
                shape.junctions += 1
                if not corpus.chinese and not capital[k - 1] and (run == ["and"] or run in COMPLEMENTS):
                    shape.complements += 1
            k = run_end
        # A possessive followed by a common word is a phrase ("China's joining"); "People's Republic" a name.
        # So is an adverb inside ("China fully supports").
        shape.junctions += sum(
            1
            for k in range(len(key) - 1)
            if (possessive(corpus.words[key[k]]) and not capital[k + 1])
            or (
                k > 0
                and kind[key[k]] is _EDGE
                and not corpus.chinese
                and not PARTICIPLE.match(corpus.words[key[k]])
            )
        )
    return shapes


def _written_as_name(corpus: Corpus, i: int, key: tuple[int, ...]) -> bool:
    """Whether the occurrence at ``i`` is written as a name: every word but the linking ones capitalised
    ("Peace and Security Council"). A capitalised word inside it belongs to the name even if the name is
    seen once."""
    if corpus.chinese:
        return False
    kind, capitals = corpus.kind, corpus.capitals
    return all(capitals[i + k] or kind[t] is _LINKING for k, t in enumerate(key))


def _coordinated(corpus: Corpus, after: int) -> bool:
    """Whether a conjunction just before ``after`` joins another word to the phrase's last one ("benchmark of
    good-neighborliness | and friendship"), rather than a new noun phrase ("Belt and Road Initiative | and the
    ASEAN Outlook")."""
    ids = corpus.ids
    if corpus.chinese or after >= len(ids) or corpus.words[ids[after - 1]] not in CONJUNCTIONS:
        return False
    # "and increase cultural exchanges" joins a verb phrase: the noun phrase before it is complete.
    return (
        ids[after] >= 0
        and corpus.kind[ids[after]] is not _LINKING
        and "VERB" not in lemmas(corpus.words[ids[after]])
    )


def _occurrences(
    corpus: Corpus, wanted: set[tuple[int, ...]] | dict[tuple[int, ...], int]
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


def _with_evidence(corpus: Corpus, chosen: list[_Scored]) -> list[Candidate]:
    wanted = {scored.key for scored in chosen}
    units: dict[tuple[int, ...], list[int]] = {k: [] for k in wanted}
    docs: dict[tuple[int, ...], set[int]] = {k: set() for k in wanted}
    freq: Counter[tuple[int, ...]] = Counter()
    forms: dict[tuple[int, ...], Counter[str]] = {k: Counter() for k in wanted}
    sep = "" if corpus.chinese else " "
    usual = _usual_forms(corpus)
    people: set[tuple[int, ...]] = set()
    for i, key in _occurrences(corpus, wanted):
        origin = corpus.segments[corpus.segment_at[i]]
        unit_id, doc = origin.unit_id, origin.document
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
    found = []
    for scored in chosen:
        key = scored.key
        text = forms[key].most_common(1)[0][0] if forms[key] else _join(corpus, key)
        found.append(
            Candidate(
                text=text,
                score=round(scored.score, 4),
                frequency=freq[key],
                documents=len(docs[key]),
                units=tuple(dict.fromkeys(units[key])),
                unit_count=len(set(units[key])),
                factors=scored.factors,
                kind=kind_of(text, corpus.lang, key in people),
            )
        )
    return found


def _join(corpus: Corpus, key: tuple[int, ...]) -> str:
    sep = "" if corpus.chinese else " "
    return sep.join(corpus.words[t] for t in key)


def _usual_forms(corpus: Corpus) -> dict[int, str]:
    """Each word's commonest form away from a sentence start ("ASEAN", "way")."""
    best: dict[int, tuple[int, str]] = {}
    for (tid, surface), n in corpus.forms.items():
        if n > best.get(tid, (0, ""))[0]:
            best[tid] = (n, surface)
    return {tid: surface for tid, (_, surface) in best.items()}
