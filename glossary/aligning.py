"""Aligning document pairs with what the workspace knows: its units (length model, lexicon) and term pairs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glossary.termbase import Termbase
from memories.align import (
    Alignment,
    Bead,
    LengthModel,
    Sentence,
    align,
    check_languages,
    join_sentences,
    read_document,
    segment,
    translation_units,
)
from memories.align_lexicon import Lexicon
from memories.errors import GlossaryError, InputError
from memories.formats import WriteOptions, detect_format, get_format
from memories.langs import normalize_tag, same_language
from memories.store import Workspace

__all__ = [
    "SHORT",
    "TM_SAMPLE",
    "WRITABLE",
    "Aligned",
    "AlignedPair",
    "Summary",
    "WorkspaceMemory",
    "align_files",
    "align_pair",
    "check_writable",
    "document_pairs",
    "import_alignment",
    "pairs_of",
    "read_pair",
    "summary",
    "write_alignment",
]

SHORT = 30
"""Documents with fewer sentences than this take their length model from the workspace when it has one."""
TM_SAMPLE = 4000
"""Units of the workspace read for its length model and lexicon: enough for both, quick to learn from."""


@dataclass(frozen=True)
class WorkspaceMemory:
    """What the workspace knows of the language pair: a sample of its units and the termbase's term pairs."""

    units: tuple[tuple[str, str], ...] = ()
    terms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def read(cls, ws: Workspace, source: str, target: str, limit: int = TM_SAMPLE) -> WorkspaceMemory:
        """The first ``limit`` units of the workspace in this language pair and the term pairs of its
        concepts that are not rejected."""
        pairs: list[tuple[str, str]] = []
        terms: list[tuple[str, str]] = []
        for unit in ws.units():
            s, t = unit.variant(source), unit.variant(target)
            if s is not None and t is not None:
                pairs.append((s.text, t.text))
                if len(pairs) >= limit:
                    break
        for concept in Termbase(ws).concepts():
            if concept.status == "rejected":
                continue
            sources = [term.text for term in concept.terms if same_language(term.lang, source)]
            targets = [term.text for term in concept.terms if same_language(term.lang, target)]
            terms.extend((s, t) for s in sources for t in targets)
        return cls(tuple(pairs), tuple(terms))

    def model(self) -> LengthModel | None:
        return LengthModel.from_texts(self.units)

    def lexicon(self, source: str, target: str) -> Lexicon:
        return Lexicon.learn(self.units, source, target)


@dataclass(frozen=True)
class Aligned:
    """A document pair aligned, and where its length model came from ("workspace" or "documents")."""

    source_path: Path
    target_path: Path
    alignment: Alignment
    model_from: str

    @property
    def origin(self) -> str:
        """The origin of the units it gives: the pair of files."""
        return f"{self.source_path} + {self.target_path}"


def read_pair(
    source_path: Path, target_path: Path, source: str, target: str, encoding: str | None = None
) -> tuple[list[Sentence], list[Sentence]]:
    """The two documents' sentences; an unreadable, empty or mislabelled document is an InputError."""
    source_text = read_document(source_path, encoding)
    target_text = read_document(target_path, encoding)
    check_languages(source_text, target_text, source, target, (source_path, target_path))
    return segment(source_text, source), segment(target_text, target)


def align_pair(
    paths: tuple[Path, Path],
    sentences: tuple[list[Sentence], list[Sentence]],
    source: str,
    target: str,
    memory: WorkspaceMemory,
    lexicon: Lexicon,
) -> Aligned:
    """Align read documents with the workspace's term pairs and lexicon (and, for short documents, its
    length model)."""
    source_sentences, target_sentences = sentences
    # A short document pair says little about the length ratio of its languages; the translation memory
    # says more.
    short = min(len(source_sentences), len(target_sentences)) < SHORT
    model = memory.model() if short else None
    alignment = align(
        source_sentences, target_sentences, source, target, terms=memory.terms, model=model, lexicon=lexicon
    )
    return Aligned(paths[0], paths[1], alignment, "workspace" if model is not None else "documents")


def align_files(
    ws: Workspace, source_path: Path, target_path: Path, source: str, target: str, encoding: str | None = None
) -> Aligned:
    """Read and align one document pair with what ``ws`` knows."""
    sentences = read_pair(source_path, target_path, source, target, encoding)
    memory = WorkspaceMemory.read(ws, source, target)
    return align_pair(
        (source_path, target_path), sentences, source, target, memory, memory.lexicon(source, target)
    )


WRITABLE = ("tmx", "tsv")
"""The formats an alignment is written to (--out)."""


@dataclass(frozen=True)
class Summary:
    """What an alignment found, in figures."""

    source_sentences: int
    target_sentences: int
    pairs: int
    """Beads with both sides: the units an import stores."""
    review: int
    """Pairs flagged for review."""
    unaligned: int
    """Sentences without counterpart."""
    length_ratio: float
    length_variance: float


def summary(alignment: Alignment) -> Summary:
    pairs = [b for b in alignment.beads if b.source and b.target]
    return Summary(
        source_sentences=len(alignment.source),
        target_sentences=len(alignment.target),
        pairs=len(pairs),
        review=sum(1 for b in pairs if b.flagged),
        unaligned=len(alignment.unaligned),
        length_ratio=round(alignment.model.ratio, 4),
        length_variance=round(alignment.model.variance, 3),
    )


@dataclass(frozen=True)
class AlignedPair:
    """One bead as a translator reads it: its number, kind, confidence and the texts of its two sides."""

    bead: int
    """Counted from 1."""
    kind: str
    """"1-1", "2-1", "1-0"..."""
    confidence: float
    review: bool
    """Flagged for review."""
    reason: str
    source_sentences: tuple[int, ...]
    """The bead's source sentences, counted from 1."""
    target_sentences: tuple[int, ...]
    source: str
    target: str


def pairs_of(alignment: Alignment) -> list[AlignedPair]:
    """Every bead of ``alignment``, the sentences of each side joined as the language writes them."""
    return [_pair(alignment, number, bead) for number, bead in enumerate(alignment.beads, start=1)]


def _pair(alignment: Alignment, number: int, bead: Bead) -> AlignedPair:
    return AlignedPair(
        bead=number,
        kind=bead.kind,
        confidence=bead.confidence,
        review=bead.flagged,
        reason=bead.reason,
        source_sentences=tuple(i + 1 for i in bead.source),
        target_sentences=tuple(j + 1 for j in bead.target),
        source=join_sentences((alignment.source[i].text for i in bead.source), alignment.source_lang),
        target=join_sentences((alignment.target[j].text for j in bead.target), alignment.target_lang),
    )


def check_writable(path: Path) -> None:
    """Refuse a file an alignment cannot be written to (neither TMX nor TSV), before anything is read."""
    fmt = get_format(detect_format(path))
    if fmt.name not in WRITABLE or fmt.writer is None:
        raise InputError(path, f"--out writes {' or '.join(WRITABLE)}", hint="name the file .tmx or .tsv")


def write_alignment(path: Path, alignment: Alignment) -> int:
    """Write the pairs of ``alignment`` to ``path`` (TMX or TSV, after its name); returns how many."""
    check_writable(path)
    writer = get_format(detect_format(path)).writer
    assert writer is not None  # check_writable refuses a format without one
    languages = (alignment.source_lang, alignment.target_lang)
    options = WriteOptions(alignment.source_lang, alignment.target_lang, languages)
    return writer(path, list(translation_units(alignment)), options)


def import_alignment(ws: Workspace, alignment: Alignment, origin: str) -> tuple[int, int]:
    """Store the pairs of ``alignment`` as units of ``origin``, flagged ones with status "review"; returns
    (added, already present). One transaction, so a failure leaves the workspace as it was."""
    units = list(translation_units(alignment))
    with ws.atomic():
        origin_id = ws.add_origin(origin, "alignment")
        added = ws.add_units(units, origin_id)
        ws.drop_origin_if_empty(origin_id)
    return added, len(units) - added


def _is_lang(tag: str, lang: str) -> bool:
    """Whether a file name's language tag ("zh", "en-GB") names ``lang``."""
    try:
        return same_language(normalize_tag(tag), lang)
    except GlossaryError:
        return False


def document_pairs(folder: Path, source: str, target: str) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The (source, target) files of a folder, paired by name: ``x.en.txt`` with ``x.zh.txt``, or
    ``en/x.txt`` with ``zh/x.txt`` (the tags name ``source`` and ``target``); and the files left without a
    counterpart. No pair at all is an InputError."""
    if not folder.is_dir():
        raise InputError(folder, "no such folder", hint="give a folder of document pairs, or two files")
    sources: dict[str, Path] = {}
    targets: dict[str, Path] = {}
    for path in sorted(folder.glob("*.txt")):
        stem, _, tag = path.name[: -len(".txt")].rpartition(".")
        if stem and _is_lang(tag, source):
            sources[stem] = path
        elif stem and _is_lang(tag, target):
            targets[stem] = path
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        side = sources if _is_lang(sub.name, source) else targets if _is_lang(sub.name, target) else None
        if side is not None:
            for path in sorted(sub.rglob("*.txt")):
                side[str(path.relative_to(sub))] = path
    pairs = [(sources[name], targets[name]) for name in sorted(sources.keys() & targets.keys())]
    alone = sorted(
        [path for name, path in sources.items() if name not in targets]
        + [path for name, path in targets.items() if name not in sources]
    )
    if not pairs:
        raise InputError(
            folder,
            f"no document pair: files named x.{source}.txt and x.{target}.txt, or {source}/x.txt and "
            f"{target}/x.txt, are aligned",
            hint="name the files after their language (the tag may be shorter: x.zh.txt for zh-CN)",
        )
    return pairs, alone
