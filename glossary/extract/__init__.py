"""Monolingual term extraction: the fixed phrases of one language's segments, ranked by a documented score.

Modules: ``lexicon`` (word lists and word classes), ``corpus`` (segments, their tokens from
``memories.tokens``, word kinds, n-gram counts), ``scoring`` (the score below, the candidates with their
evidence), ``kinds`` (what a candidate names), ``register`` (the register model: phrases recurring in
diplomatic text). Storing the candidates with proposed equivalents is ``glossary.harvest``.

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
    its capitals say nothing about names. A breaking word written capitalised before another capitalised
    word is part of a name ("United Nations Mine Action Service", "First Committee"); a month name breaks
    ("Peacekeeping Operations | in November"); two names of two words or more each joined by "and" are
    two sides ("the United Nations | and the African Union"), unless they are titles of one person, and
    so are two phrases of two words or more each unless all four words are names ("contact tracers | and
    social mobilizers"); a past participle between a noun and a linking word opens a clause ("detention
    centre | located in the city"); "cannot" and the negated auxiliaries break as the auxiliaries do.
    English tokens are words of the original text (hyphenated and possessive words whole, case folded for
    counting); Chinese tokens are jieba's
    (``memories.tokens``), and a token jieba's dictionary knows only as a verb cannot begin or end a
    Chinese candidate (推动构建人类命运共同体 is not a term, 人类命运共同体 is), nor does a word that
    compares or quantifies begin one (比上年, 各级政府: "than", "each"). The numeral-classifier 一个 and the
    negation 不 (``BOUND_ZH``) never end a Chinese candidate and belong to one only where the words after
    them follow them in at least half of their occurrences (``BOUND_SHARE``): 一个中国原则 and 不正当竞争
    are candidates, 一个国家 is not. A word that heads the name of a body or a document (``ZH_HEADS``: 协定,
    组织) ends a candidate even where jieba's dictionary knows it only as a verb (区域全面经济伙伴关系协定).
    Boilerplate is left out before counting: a segment written word for word in at least a tenth of the
    documents (and three or more), such as the licence notice Wikisource puts under each report or a
    salutation, unless the documents holding it are mostly such segments (copies of one another). On a
    large corpus (over
    ``SMALL_CORPUS`` tokens) a candidate must occur at least twice; n-grams are counted level by level and
    an n-gram is only counted where both its (n-1)-grams reach that frequency.

Score of a candidate ``a`` with ``n`` words (``c`` of them content words), frequency ``f`` and ``d``
documents (origins)::

    score(a) = C(a) * T(a) * U(a) * B(a) * S(a) * R(a) * G(a)

    C(a)  C-value:      log2(n + 1) * (f - max f(b) over the longer candidates b that contain a) (Frantzi's
                        C-value with the max instead of the mean, so that a phrase always seen inside the
                        same longer one, "Amity and Cooperation", gets 0 and is dropped). A container seen
                        once only counts when it adds no phrase junction (see U): "mediation in the ASEAN
                        way" is a context of "ASEAN way", not a longer term; nor does one that begins with
                        a participle ("supporting ASEAN centrality"), nor one that adds only common
                        lower-case words (wordfreq 1e-4 and up) at its edges ("effective | collective
                        measures", "ISIL | positions"). A capitalised word that is no acronym is also
                        explained by a name seen once that holds it ("Council" in "Peace and Security
                        Council"). For a single word the subtrahend
                        is instead (when larger) the number of its occurrences inside any longer candidate
                        seen at least twice: "Republic" inside "Syrian Arab Republic", "Republic of Korea"
                        and "Central African Republic" is explained by all of them, not by the most
                        frequent one alone.
    T(a)  termhood:     the mean and the max (averaged) over the content words w of
                        log10(p_here(w) / p_general(w)), each floored at 0.1, where p_general comes from
                        wordfreq (a word wordfreq lacks counts as 1e-8, a hyphenated word as the product of
                        its parts): how much more this text uses the words than general language does; the
                        max keeps one rare word ("rejuvenation") from being drowned by common ones.
                        A Chinese phrase that is not made of common words only (wordfreq frequency
                        1e-4 and up: 经济发展 is) takes instead, when higher, the same ratio for the
                        phrase as a whole, with p_general estimated as wordfreq estimates a phrase it has
                        not seen whole (the harmonic sum of its words' frequencies, divided by 10 per word
                        break): the register's formulas are made of common words (人类 | 命运 | 共同体,
                        一带 | 一路), the phrase is what is rare in general language.
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
                        T = 3), 0.6 for an English word written in capitals (an acronym: "IAEA",
                        "UNSMIL", the name of a body or mission), 0.1 for a single Chinese word (which is
                        far more often a general word); a single English word loses the share of its
                        occurrences framed by two linking words ("in | accordance | with").
                        A Chinese phrase of c >= 2 content words is also weighed by its fixedness:
                        max(0.1, PMI / 2) ** 2, PMI being log10(f * N ** (c - 1) / prod f(w)) / (c - 1)
                        (N the corpus's words): how much more often its words occur together than
                        chance would have them, per junction (一带一路 4.0, 人类命运共同体 3.6; 经济发展
                        0.9, words that merely meet).
    B(a)  boundaries:   (0.4 + 0.6 * the share of occurrences whose left neighbour is a start, punctuation, a
                        breaking or linking word, a participle, an adverb or a lower-case comparative) times
                        the same for the right neighbour (a start, punctuation, a breaking or linking word;
                        in English also a participle or adverb, "a shared future | proposed by", but not a
                        conjunction followed by a word that cannot be a verb, "benchmark of
                        good-neighborliness | and friendship"); an occurrence in a headline counts half;
                        English: times 0.5 when a begins with a word lemminflect knows only as a participle
                        or an adverb ("supporting", "mutually").
    S(a)  shape:        1 + share of the content words written capitalised away from the sentence start
                        (names: "Global Development Initiative"; for a single word only an acronym's),
                        + 0.5 when a linking word sits between two capitalised words ("Code of Conduct
                        in the South China Sea"; a preposition only after a word the dictionary knows,
                        not in "Kao Kim Hourn in Beijing"),
                        + the share of occurrences enclosed in quotation or title marks and nothing else
                        (“一带一路”, 《联合国宪章》, the "ASEAN way"): a coined expression or a name.
    R(a)  recurrence:   (1 + log2(d)) * (1 + log2(f)) ** 0.5: across documents, and within them.
    G(a)  register:     1 + log2(1 + r), r the number of segments of a reference corpus of diplomatic text
                        holding the phrase (n >= 2; ``register``: for English, 4,757 phrases recurring in
                        the UN Parallel Corpus test set, which shares no sentence with the development
                        set's documents): a phrase that recurs across diplomatic documents is a term even when its
                        words are common ("terms of reference", "technical assistance"). No list for
                        Chinese yet (G = 1).

Kind: each candidate says what it names (``kind_of``): a person (a name seen right after a title of office),
a title (its head is a word of office), an organisation, a meeting or document, or a place (by the head word
of a capitalised name: "Council", "Treaty", "Sea"; a lone name is a place, a lone acronym an organisation),
else a term; for Chinese, by the ending (委员会, 会议, 主席). Stored per concept (table extraction_kind).

The weights were set on the seed press release, the UN dev set and the Chinese government reports (see the
issue notes); every factor is a documented heuristic or a count, not a trained model.
"""

from __future__ import annotations

from glossary.extract.corpus import Origins, Segment, segments_of, units_of
from glossary.extract.kinds import KINDS, kind_of
from glossary.extract.lexicon import WordKind
from glossary.extract.scoring import Candidate, extract

__all__ = [
    "KINDS",
    "Candidate",
    "Origins",
    "Segment",
    "WordKind",
    "extract",
    "kind_of",
    "segments_of",
    "units_of",
]
