"""The word lists and word classes of term extraction: governed words, titles, head words, lemminflect's classes.

The linking and breaking function words are the tokeniser's (``memories.tokens``), shared with equivalents.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from memories.tokens import word_set

__all__ = [
    "ARTICLES",
    "COMPLEMENTS",
    "COMPLEMENT_WORDS",
    "CONJUNCTIONS",
    "GOVERNED",
    "MEETING_DOCUMENT_HEADS",
    "MONTHS",
    "NEGATED_MODALS",
    "ORGANISATION_HEADS",
    "PARTICIPLE",
    "PARTICLES",
    "PLACE_HEADS",
    "TITLE_WORDS",
    "ZH_HEADS",
    "ZH_KINDS",
    "ZH_NOT_FIRST",
    "ZH_QUANTIFIERS",
    "WordKind",
    "base_verb",
    "comparative",
    "finite_or_base_verb",
    "general_frequencies",
    "lemmas",
    "only",
    "plural_noun",
    "possessive",
    "proper_name",
    "unknown_name",
    "verb_s",
]


class WordKind(Enum):
    """What a word of the corpus can be in a candidate, decided once per word (``Corpus.classify``)."""

    CONTENT = "content"
    """A word that can begin, end and fill a term."""
    LINKING = "linking"
    """A function word that may link the words of a term but never begins or ends one ("of", 的)."""
    EDGE = "edge"
    """Verb-like: a participle or adverb in English, a verb in Chinese; it never ends a term and is weighed
    where it begins one ("developing countries")."""
    FINITE_VERB = "finite verb"
    """An English word lemminflect knows only as a finite verb ("appreciates"): it ends a noun phrase."""
    BOUND = "bound"
    """A Chinese numeral-classifier or negation (一个, 不: ``memories.tokens.BOUND_ZH``): it never ends a term
    and belongs to one only where the words after it are seldom said without it (一个中国原则, not
    一个国家)."""


CONJUNCTIONS = frozenset({"and", "or", "&"})
# Breaking words a verb governs: after a name and a verb in -s, they show the verb ("China hopes that").
GOVERNED = word_set(
    "that its their his her our upon this these those all both each every no not also further"
)
# Words of office: a capitalised run holding one, followed by a person's name, is a title glued to the name
# ("State Councilor and Foreign Minister | Qin Gang").
TITLE_WORDS = word_set(
    """president vice-president premier vice-premier minister councilor councillor secretary-general
    under-secretary-general secretary ambassador chairman chairwoman chairperson chair governor commissioner
    envoy spokesperson spokesman spokeswoman director-general director king queen prince princess sultan
    emir chancellor mayor senator excellency representative counsellor counselor adviser advisor deputy
    vice majesty highness"""
)
COMPLEMENTS = (["of"], ["of", "the"], ["of", "a"], ["of", "an"], ["to"], ["to", "the"])
PARTICLES = frozenset({"out", "up", "off", "down", "forward", "back", "away"})
ARTICLES = frozenset({"the", "a", "an"})
PARTICIPLE = re.compile(r"^[a-z]{3,}(?:ing|ed)$")

# Head words that tell what a name names (lists of words, not of phrases). The head of an English name is its
# last word before a complement ("Treaty | of Amity ...", "ASEAN Outlook | on the Indo-Pacific").
MEETING_DOCUMENT_HEADS = word_set(
    """treaty convention declaration charter protocol resolution resolutions agreement summit meeting
    meeting-plus conference forum session dialogue code outlook initiative plan report statement communique
    communiqu\u00e9 accord document expo strategy agenda vision roadmap framework memorandum decision
    principles act law constitution covenant paper consensus partnership"""
)
ORGANISATION_HEADS = word_set(
    """council commission committee union organization organisation association assembly secretariat agency
    authority bank fund group court mission office service corporation department ministry government
    programme program nations institute centre center party army parliament congress board coalition
    alliance administration forces"""
)
PLACE_HEADS = word_set(
    """sea ocean asia africa europe america island islands republic kingdom states region city province
    mountains river strait peninsula gulf bay coast east territory territories governorate"""
)
COMPLEMENT_WORDS = frozenset({"of", "for", "on", "to", "in", "between", "among"})
ZH_KINDS = (
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
ZH_HEADS = frozenset(head for _, heads in ZH_KINDS for head in heads)
"""The words that end Chinese names of offices, bodies, meetings, documents and places: nouns at the end of a
phrase even where jieba's dictionary knows them only as verbs (协定 "to agree", 组织 "to organise"), so that
区域全面经济伙伴关系协定 and 上海合作组织 can be candidates."""

NEGATED_MODALS = word_set(
    "cannot can't won't don't doesn't didn't isn't aren't wasn't weren't shouldn't wouldn't"
)
"""Negated auxiliaries written as one word: they end a noun phrase as the auxiliaries do ("Korea | cannot")."""
MONTHS = word_set("january february march april june july august september october november december")
"""Month names date a phrase ("Peacekeeping Operations | in November"); they are no part of a term."""
ZH_NOT_FIRST = word_set("比 比较")
"""Chinese words that open a comparison ("than", "relatively"): 比上年 is no term."""
ZH_QUANTIFIERS = ("各", "每")
"""Chinese words beginning with "each"/"every" (各级, 各项, 每年) quantify the phrase after them, as "all" and
"every" do in English: they do not begin a term (各级政府, 各位代表)."""


@lru_cache(maxsize=8)
def general_frequencies(lang: str) -> dict[str, float]:
    """Each word's frequency in general language (wordfreq), for termhood."""
    import wordfreq

    try:
        return dict(wordfreq.get_frequency_dict(lang))
    except LookupError:  # a language wordfreq lacks: every word counts as rare
        return {}


def only(word: str, classes: set[str]) -> bool:
    """Whether an English word is only ever of these word classes in lemminflect's lexicon ("appreciates" is
    only a verb form, "jointly" only an adverb; "supports" is also a noun)."""
    tags = _word_classes(word)
    return bool(tags) and tags <= classes


@lru_cache(maxsize=200_000)
def _word_classes(word: str) -> frozenset[str]:
    return frozenset(lemmas(word))


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of an English word, by word class ("VERB", "NOUN", ...)."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


def base_verb(word: str) -> bool:
    """Whether lemminflect knows the word as a verb's base form ("promote", "work"; not "modernization")."""
    return word in lemmas(word).get("VERB", ())


def finite_or_base_verb(word: str) -> bool:
    """A verb form that cannot be an adjective: "implement", "supports" (not "displaced", "binding")."""
    classes = lemmas(word)
    return "VERB" in classes and "ADJ" not in classes and not PARTICIPLE.match(word)


def proper_name(word: str) -> bool:
    """A word that lemminflect does not know, even by its last hyphenated part ("Hourn", "Beijing"; not
    "Secretary-General", "Non-Proliferation")."""
    return not lemmas(word.rsplit("-", 1)[-1])


def possessive(key: str) -> bool:
    """An English possessive: "China's", "Leaders'"."""
    return key.endswith("'s") or key.endswith("s'")


def comparative(word: str) -> bool:
    """An adjective's comparative or superlative ("closer", "stronger", "greatest"): it grades the phrase
    that follows, it does not begin a term."""
    adjective = lemmas(word).get("ADJ", ())
    return bool(adjective) and word not in adjective and word.endswith(("er", "est"))


def unknown_name(key: str, surface: str) -> bool:
    """A capitalised word that is no title of office and that no dictionary knows ("Hourn")."""
    return surface[:1].isupper() and key not in TITLE_WORDS and proper_name(key)


def verb_s(word: str) -> bool:
    """A verb's third person singular or past ("hopes", "recalls", "places", "noted"), whatever else the word
    can be."""
    verbs = lemmas(word).get("VERB", ())
    return (word.endswith("s") or word.endswith("ed")) and bool(verbs) and word not in verbs


def plural_noun(word: str) -> bool:
    """A noun's plural ("nations"), whatever else the word can be."""
    nouns = lemmas(word).get("NOUN", ())
    return bool(nouns) and word not in (n.casefold() for n in nouns)
