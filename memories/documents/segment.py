"""The one sentence splitter every document filter uses: a block's content -> sentence contents, codes kept.

Whitespace contract (what makes merge byte-identical): ``split_block`` cuts a block into
``lead + seg1 + gap1 + seg2 + gap2 + ... + segN + gapN`` whose concatenation is exactly the block's content.
``lead`` is the block's leading whitespace, each ``gap`` the whitespace after a sentence (the last one is the
block's trailing whitespace). Segments carry no whitespace at their edges (except next to a code, which cannot
move), so translators and the memory see clean sentences. The filter keeps ``lead`` and the gaps: on merge it
re-extracts the original, splits it again (same rules, same result) and calls ``join_block`` with the
translations (an empty translation is a sentence joined into the one before: no gap is written before it).
``segment_block`` is the short form that returns only the segments.

Boundaries come from pysbd (the rules ``memories.text.split_sentences`` uses), corrected for diplomatic texts:
no break after ``H.E.``, ``No.``, ``Art.``, ``para.``, ``Mr.``, ``U.N.``-style initials and similar; a numbered
paragraph mark (``1.``, ``(a)``, ``iv)``) stays with the sentence it numbers; Chinese and Japanese break after
。！？； and any closing quotes or brackets after them. A boundary inside a paired code (bold, link...) is dropped:
its OPEN and CLOSE never end up in different segments.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from memories.documents.model import Code, CodeKind, Content, Segment, compact
from memories.langs import base_language
from memories.text import _PYSBD_LANGUAGES, _segmenter  # one pysbd segmenter cache for the project

__all__ = ["BlockSplit", "expand_joined", "join_block", "make_segments", "segment_block", "split_block"]

# Codes that read as white space when looking for sentence ends ("First.<br/>Second." has a boundary).
_SPACE_CODE_TYPES = frozenset({"break", "tab", "linebreak", "lb"})

# Tokens ending in a full stop that never end a sentence in the texts we translate: titles, references to
# articles, paragraphs and numbers, and months. Compared case-sensitively after stripping opening brackets.
_ABBREVIATIONS = frozenset(
    {
        "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "Amb", "Gen", "Lt", "Col", "Maj", "Capt", "Adm",
        "Sgt", "Gov", "Sen", "Rep", "Hon", "Rev", "Fr", "Sr", "Jr", "St", "Mt", "No", "Nos", "no", "nos",
        "Art", "Arts", "art", "arts", "para", "paras", "Para", "Paras", "Sect", "sect", "Sec", "sec", "Ch",
        "ch", "Chap", "chap", "Vol", "vol", "Vols", "p", "pp", "Fig", "fig", "Figs", "Ann", "Annex", "Add",
        "Corr", "Res", "Doc", "Suppl", "Supp", "Ref", "ref", "Ibid", "ibid", "Op", "op", "cf", "Cf", "viz",
        "vs", "v", "e.g", "i.e", "a.m", "p.m", "approx", "Approx", "Dept", "Div", "Inc", "Ltd", "Corp", "Bros",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }
)  # fmt: skip
# Initials: U.N., H.E., U.S.A., e.g. (any run of single letters each followed by a full stop).
_INITIALS = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
# A numbered paragraph's mark alone: "1.", "1.2.", "(a)", "a)", "(iv)", "IV.", "A."
_MARK = re.compile(
    r"^(?:\(?\d+(?:\.\d+)*[.)]|\(\d+\)|\(?[a-zA-Z][.)]|\([a-zA-Z]\)|\(?[ivxlcdm]+[.)]|\([ivxlcdm]+\)|[IVXLCDM]+\.)$"
)

# Chinese/Japanese sentence ends: the punctuation, then closing quotes and brackets that belong to the sentence.
_CJK_END = re.compile(r"(?:[。！？；]|(?<=[^\x00-\x7f])[!?])[。！？；!?]*[”’」』）》〉】〕\"')\]]*")
# Inside Chinese text an embedded Latin sentence ends like this ("... in 2023. The ...").
_LATIN_END = re.compile(r"[.!?]+[\"')\]]*(?= +[A-Z\u4e00-\u9fff])")
# Where a Latin sentence may end with another after it: without one, the block is one sentence.
_MAY_END = re.compile(r"[.!?…][\"'”’)\]]*\s+\S")
# Every character a boundary below needs (_CJK_END, _LATIN_END, _MAY_END): a block without one is one sentence.
_ANY_END = re.compile(r"[.!?…。！？；]")
_CJK_CLOSERS = "。！？；”’」』）》"  # what a Chinese sentence ends with
_CJK_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu"})

_Atom = str | Code  # one character or one code


@dataclass(frozen=True)
class BlockSplit:
    """A block cut into sentences: ``lead + segments[0] + gaps[0] + ... + segments[-1] + gaps[-1]`` is the block.

    A block with no text to translate has no segments and its whole content in ``lead``.
    """

    lead: Content
    segments: tuple[Content, ...]
    gaps: tuple[Content, ...]
    """``gaps[i]`` follows ``segments[i]``; the last is the block's trailing whitespace."""


def segment_block(content: Content, lang: str) -> tuple[Content, ...]:
    """The sentences of one block's content, whitespace at their edges left out (``split_block`` keeps it)."""
    return split_block(content, lang).segments


def make_segments(block_id: str, split: BlockSplit) -> tuple[Segment, ...]:
    """Segments with ids ``<block id>.s1``, ``.s2``... (stable: they depend only on the block's content)."""
    return tuple(Segment(f"{block_id}.s{n}", content) for n, content in enumerate(split.segments, start=1))


def expand_joined(translations: Mapping[str, Content]) -> dict[str, Content]:
    """Translations by sentence id, a translation of joined sentences included: ``b3.s2+s3`` (sentences 2 and 3
    of block ``b3``, translated as one by an editor) becomes ``b3.s2`` with the translation and ``b3.s3`` empty,
    which ``join_block`` writes with no gap before it."""
    out: dict[str, Content] = {}
    for ident, content in translations.items():
        first, *more = ident.split("+")
        block = first.rpartition(".")[0]
        out[first] = content
        for sentence in more:
            out[f"{block}.{sentence}"] = ()
    return out


def join_block(split: BlockSplit, targets: Sequence[Content | None], target_lang: str = "") -> Content:
    """The block's content with each segment replaced by its target (None keeps the source).

    With the sources as targets this is the original content exactly. Between two translated sentences the
    spacing follows the target language: for a Chinese or Japanese target the plain space after a sentence
    ending in CJK punctuation is dropped (``译文。 译文。`` is wrong); for any other target, two sentences that
    touched in a Chinese source get a space (``First.Second.`` is wrong). Any other whitespace (a newline, two
    spaces meant as layout) stays.
    """
    if len(targets) != len(split.segments):
        raise ValueError(f"{len(targets)} targets for {len(split.segments)} segments")
    cjk = bool(target_lang) and base_language(target_lang) in _CJK_LANGUAGES
    parts: list[_Atom] = list(split.lead)
    chosen = [t if t is not None else s for s, t in zip(split.segments, targets, strict=True)]
    written: Content = ()  # the last sentence written: what a sentence joined into it (empty) ends with
    for i, content in enumerate(chosen):
        parts.extend(content)
        written = content or written
        gap = split.gaps[i]
        if i + 1 < len(chosen) and targets[i] is not None and targets[i + 1] == ():
            continue  # the next sentence was joined into this one's translation: no gap between them
        if target_lang and i + 1 < len(chosen) and targets[i] is not None and targets[i + 1] is not None:
            left, right = _text_of(written), _text_of(chosen[i + 1])
            spaces = bool(gap) and all(isinstance(g, str) and g.strip(" ") == "" for g in gap)
            if cjk and spaces and left[-1:] != "" and left[-1:] in _CJK_CLOSERS and _is_cjk(right[:1]):
                continue
            if (
                not cjk
                and not gap
                and _text_of(split.segments[i])[-1:] in _CJK_CLOSERS
                and left[-1:].strip()
                and right[:1].strip()
                and not _is_cjk(left[-1:])
            ):
                parts.append(" ")
        parts.extend(gap)
    return compact(parts)


def split_block(content: Content, lang: str) -> BlockSplit:
    """Cut one block's content into sentences; see the module's docstring for the whitespace contract."""
    return _split_block(content, lang)


# Merge extracts the original again (and ``merge`` in the pipeline reads it once more for its codes): the same
# blocks are split again in the same process, and pysbd costs milliseconds a block. The one cache of splits.
@lru_cache(maxsize=16384)
def _split_block(content: Content, lang: str) -> BlockSplit:
    atoms: list[_Atom] = []
    for part in content:
        if isinstance(part, str):
            atoms.extend(part)
        else:
            atoms.append(part)
    if not _ANY_END.search("".join(part for part in content if isinstance(part, str))):
        return _one_sentence(atoms)
    # The text the boundary rules read: one character per text character (white space as a plain space, so
    # line breaks inside a paragraph read as spaces), a space for break/tab codes, nothing for other codes.
    det: list[str] = []
    det_atom: list[int] = []
    for index, atom in enumerate(atoms):
        if isinstance(atom, str):
            det.append(" " if atom.isspace() else atom)
            det_atom.append(index)
        elif atom.kind is CodeKind.STANDALONE and atom.type in _SPACE_CODE_TYPES:
            det.append(" ")
            det_atom.append(index)
    text = "".join(det)
    if not text.strip():
        return BlockSplit(lead=compact(atoms), segments=(), gaps=())

    lead_end = 0
    while lead_end < len(atoms) and isinstance(atoms[lead_end], str) and str(atoms[lead_end]).isspace():
        lead_end += 1
    trail_start = len(atoms)
    while (
        trail_start > lead_end
        and isinstance(atoms[trail_start - 1], str)
        and str(atoms[trail_start - 1]).isspace()
    ):
        trail_start -= 1

    pairs = _pairs(atoms)
    cuts: list[tuple[int, int]] = []  # (end of a segment, start of the next), atom indices
    previous = 0  # det offset where the current sentence starts
    for boundary in _boundaries(text, lang):
        sentence = text[previous:boundary].strip()
        if not text[boundary:].strip() or not sentence:
            continue
        if _MARK.match(sentence) or _after_abbreviation(text[previous:boundary]):
            continue
        end = det_atom[boundary - 1] + 1
        # Closing codes and standalone codes right after the sentence end belong to it ("**Done.** Next").
        while end < trail_start and isinstance(atoms[end], Code) and atoms[end].kind is not CodeKind.OPEN:  # type: ignore[union-attr]
            end += 1
        start = end
        while start < trail_start and isinstance(atoms[start], str) and str(atoms[start]).isspace():
            start += 1
        if start >= trail_start or (cuts and end <= cuts[-1][1]) or end <= lead_end:
            continue
        if any(open_at < end and close_at >= start for open_at, close_at in pairs):
            continue  # a span (bold, link) crosses the boundary: the sentence goes on
        cuts.append((end, start))
        previous = boundary

    segments: list[Content] = []
    gaps: list[Content] = []
    begin = lead_end
    for end, start in cuts:
        segments.append(compact(atoms[begin:end]))
        gaps.append(compact(atoms[end:start]))
        begin = start
    segments.append(compact(atoms[begin:trail_start]))
    gaps.append(compact(atoms[trail_start:]))
    return BlockSplit(lead=compact(atoms[:lead_end]), segments=tuple(segments), gaps=tuple(gaps))


def _one_sentence(atoms: list[_Atom]) -> BlockSplit:
    """What the rules below give a block with no sentence-ending character: no boundary, so the block's leading
    white space as ``lead`` and the rest up to its trailing white space as the one segment. Most blocks of a
    real page (navigation labels, headings, table cells) are such blocks."""
    lead_end = 0
    while lead_end < len(atoms) and isinstance(atoms[lead_end], str) and str(atoms[lead_end]).isspace():
        lead_end += 1
    if all(isinstance(a, Code) or a.isspace() for a in atoms):
        return BlockSplit(lead=compact(atoms), segments=(), gaps=())
    trail = len(atoms)
    while trail > lead_end and isinstance(atoms[trail - 1], str) and str(atoms[trail - 1]).isspace():
        trail -= 1
    return BlockSplit(
        lead=compact(atoms[:lead_end]),
        segments=(compact(atoms[lead_end:trail]),),
        gaps=(compact(atoms[trail:]),),
    )


def _boundaries(text: str, lang: str) -> list[int]:
    """Offsets in ``text`` just after a sentence's last character (before the white space that follows)."""
    base = base_language(lang) if lang else "en"
    found: set[int] = {m.end() for m in _CJK_END.finditer(text)}
    if base in _CJK_LANGUAGES:
        found.update(m.end() for m in _LATIN_END.finditer(text))
    elif _MAY_END.search(text):  # pysbd costs milliseconds a block; most blocks cannot hold two sentences
        segmenter = _segmenter(base if base in _PYSBD_LANGUAGES else "en")
        cursor = 0
        for sentence in segmenter.segment(text):
            stripped = sentence.strip()
            if not stripped:
                continue
            at = text.find(stripped, cursor)
            if at < 0:  # pysbd changed the text (it should not with clean=False): skip this boundary
                continue
            cursor = at + len(stripped)
            # pysbd sometimes ends a sentence at a full stop with no space after it ("group.î=1"): a Latin
            # sentence ends before white space only.
            if text[cursor : cursor + 1] == " ":
                found.add(cursor)
    return sorted(found)


def _after_abbreviation(sentence: str) -> bool:
    match = _TOKEN_BEFORE.search(sentence.rstrip())
    if match is None:
        return False
    token = match.group(1).lstrip("([\"'“‘")
    if not token.endswith("."):
        return False
    return token[:-1] in _ABBREVIATIONS or bool(_INITIALS.match(token))


def _pairs(atoms: Sequence[_Atom]) -> list[tuple[int, int]]:
    """(open index, close index) of each paired code; an OPEN or CLOSE without its partner is left out."""
    open_at: dict[int, list[int]] = {}
    pairs: list[tuple[int, int]] = []
    for index, atom in enumerate(atoms):
        if isinstance(atom, Code):
            if atom.kind is CodeKind.OPEN:
                open_at.setdefault(atom.id, []).append(index)
            elif atom.kind is CodeKind.CLOSE and open_at.get(atom.id):
                pairs.append((open_at[atom.id].pop(), index))
    return pairs


def _text_of(content: Content) -> str:
    return "".join(p for p in content if isinstance(p, str))


def _is_cjk(char: str) -> bool:
    return bool(char) and ("\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef")
