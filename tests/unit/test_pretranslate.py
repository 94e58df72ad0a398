"""Pre-translation of XLIFF 1.2, XLIFF 2.0 and PO files from a memory holding the UN dev set."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from lxml import etree

from glossary.pretranslate import NO_MATCH, PretranslateReport, pretranslate
from memories.errors import InputError
from memories.formats.xliff import MTC, NS20, XliffDocument
from memories.importer import import_parallel
from memories.index.scoring import score_texts
from memories.store import Workspace
from tests.conftest import edit_words, shared
from tests.unit.test_xliff import errors, schema12, schema20

DEVSET = ("corpora", "unpc-devset-6way")
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
ALREADY = ("The Committee adopted its report.", "委员会通过了报告。")


@pytest.fixture(scope="module")
def un_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = shared(*DEVSET)
    ws = Workspace(tmp_path_factory.mktemp("un") / "un.glossary")
    import_parallel(ws, [folder / "UNv1.0.devset.en", folder / "UNv1.0.devset.zh"])
    yield ws
    ws.close()


class Sentences:
    """200 dev set sentences: the first 100 as they are in the memory, the other 100 edited by 1–3 words."""

    def __init__(self) -> None:
        en = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
        zh = shared(*DEVSET, "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
        self.translations: dict[str, set[str]] = {}
        for e, z in zip(en, zh, strict=True):
            self.translations.setdefault(e, set()).add(z)
        rng = random.Random(8)
        long_ones = sorted({line for line in en if len(line.split()) >= 15})
        chosen = rng.sample(long_ones, 200)
        self.verbatim = chosen[:100]
        self.originals = chosen[100:]
        vocabulary = sorted({w for line in en[:300] for w in line.split()})
        self.edited = [self._edit(line, rng, vocabulary) for line in self.originals]

    def _edit(self, line: str, rng: random.Random, vocabulary: list[str]) -> str:
        while True:
            edited = " ".join(edit_words(line.split(), rng, vocabulary))
            if edited not in self.translations:
                return edited

    @property
    def all(self) -> list[str]:
        return self.verbatim + self.edited


@pytest.fixture(scope="module")
def sentences() -> Sentences:
    return Sentences()


def xliff20(texts: list[str], done: bool = True) -> str:
    """Untranslated segments, and (with ``done``) one translated segment, so the file names its trgLang."""
    units = [
        f'<unit id="u{n}"><segment id="s{n}"><source>{_esc(text)}</source></segment></unit>'
        for n, text in enumerate(texts)
    ]
    if done:
        units.append(
            f'<unit id="done"><segment id="sd" state="final"><source>{ALREADY[0]}</source>'
            f"<target>{ALREADY[1]}</target></segment></unit>"
        )
    units.append(f'<unit id="no" translate="no"><segment><source>{_esc(texts[0])}</source></segment></unit>')
    body = "\n    ".join(units)
    trg = ' trgLang="zh-CN"' if done else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"{trg}>\n  <file id="f1">\n    {body}\n  </file>\n</xliff>\n'
    )


def xliff12(texts: list[str]) -> str:
    units = [
        f'<trans-unit id="t{n}"><source>{_esc(text)}</source></trans-unit>' for n, text in enumerate(texts)
    ]
    units.append(
        f'<trans-unit id="done"><source>{ALREADY[0]}</source>'
        f'<target state="translated">{ALREADY[1]}</target></trans-unit>'
    )
    body = "\n      ".join(units)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{NS12}" version="1.2">\n'
        '  <file original="job.txt" source-language="en" datatype="plaintext">\n'
        f"    <body>\n      {body}\n    </body>\n  </file>\n</xliff>\n"
    )


def po_file(texts: list[str], path: Path) -> None:
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "job 1.0",
        "PO-Revision-Date": "2026-11-01 10:00+0000",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for text in texts:
        catalogue.append(polib.POEntry(msgid=text, msgstr=""))
    catalogue.append(polib.POEntry(msgid=ALREADY[0], msgstr=ALREADY[1]))
    catalogue.save(str(path))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _check_report(report: PretranslateReport, sentences: Sentences) -> dict[str, int]:
    """The verbatim sentences filled exactly, the edited ones with the score their match earns."""
    filled = {f.source: f for f in report.filled}
    assert report.already_translated == 1
    for text in sentences.verbatim:
        assert filled[text].score == 100 and filled[text].target in sentences.translations[text]
    scores = {}
    for original, edited in zip(sentences.originals, sentences.edited, strict=True):
        # With this seed every edited sentence is still closest to the sentence it was made from.
        got = filled[edited]
        assert got.match_source == original and got.target in sentences.translations[original]
        assert got.score == score_texts(edited, original).shown
        assert 75 <= got.score < 100
        scores[edited] = got.score
    assert report.bands["100"] == 100
    assert sum(report.bands.values()) == 200
    assert report.bands[NO_MATCH] == 0 and len(report.filled) == 200
    return scores


def test_xliff20_verbatim_sentences_come_out_final_and_edited_ones_translated_with_their_score(
    un_workspace: Workspace, sentences: Sentences, tmp_path: Path
) -> None:
    job = tmp_path / "job.xlf"
    job.write_text(xliff20(sentences.all), encoding="utf-8")
    before = job.read_bytes()
    out = tmp_path / "job.pre.xlf"
    report = pretranslate(un_workspace, job, out, "en", "zh-CN", 75)
    assert job.read_bytes() == before
    assert report.format == "xliff 2.0" and report.not_to_translate == 1
    scores = _check_report(report, sentences)
    assert errors(schema20(), out) == []
    root = etree.parse(str(out)).getroot()
    assert root.get("trgLang") == "zh-CN"
    after = {s.source: s for s in XliffDocument.load(out).segments() if s.translate}
    for text in sentences.verbatim:
        assert after[text].state == "final" and after[text].target in sentences.translations[text]
    for text, score in scores.items():
        segment = after[text]
        assert segment.state == "translated"
        assert segment.element is not None
        unit = segment.element.getparent()
        assert unit is not None
        qualities = unit.xpath("m:matches/m:match/@matchQuality", namespaces={"m": MTC})
        assert qualities == [f"{score:.2f}"]
    assert after[ALREADY[0]].target == ALREADY[1] and after[ALREADY[0]].state == "final"
    not_to_translate = root.find(f".//{{{NS20}}}unit[@id='no']/{{{NS20}}}segment")
    assert not_to_translate is not None and not_to_translate.find(f"{{{NS20}}}target") is None


def test_po_verbatim_entries_are_translated_and_edited_ones_fuzzy_with_their_score(
    un_workspace: Workspace, sentences: Sentences, tmp_path: Path
) -> None:
    job = tmp_path / "zh.po"
    po_file(sentences.all, job)
    before = job.read_bytes()
    out = tmp_path / "zh.pre.po"
    report = pretranslate(un_workspace, job, out, "en", "zh-CN", 75)
    assert job.read_bytes() == before
    scores = _check_report(report, sentences)
    catalogue = polib.pofile(str(out))
    assert catalogue.metadata["Language"] == "zh_CN"
    entries = {e.msgid: e for e in catalogue}
    for text in sentences.verbatim:
        entry = entries[text]
        assert "fuzzy" not in entry.flags and entry.msgstr in sentences.translations[text]
    for text, score in scores.items():
        entry = entries[text]
        assert "fuzzy" in entry.flags and entry.msgstr
        assert f"glossary: {score}% match from " in entry.tcomment
    assert entries[ALREADY[0]].msgstr == ALREADY[1] and "fuzzy" not in entries[ALREADY[0]].flags
    assert len(catalogue.translated_entries()) == 101
    assert len(catalogue.fuzzy_entries()) == len(scores)
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("msgfmt is absent (apt-get install gettext): the PO output was not checked by msgfmt --check")
        return
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "zh.mo"), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_xliff12_output_is_valid_and_marks_exact_and_fuzzy_matches(
    un_workspace: Workspace, sentences: Sentences, tmp_path: Path
) -> None:
    texts = sentences.verbatim[:20] + sentences.edited[:20]
    job = tmp_path / "job.xliff"
    job.write_text(xliff12(texts), encoding="utf-8")
    assert errors(schema12("strict"), job) == []
    out = tmp_path / "job.pre.xliff"
    report = pretranslate(un_workspace, job, out, "en", "zh-CN", 75)
    assert report.format == "xliff 1.2" and report.bands["100"] == 20
    assert errors(schema12("strict"), out) == []
    filled = {f.source: f for f in report.filled}
    after = {s.source: s for s in XliffDocument.load(out).segments()}
    for text in texts:
        segment = after[text]
        if text in sentences.verbatim:
            assert (segment.state, segment.qualifier) == ("translated", "exact-match")
        elif text in filled:
            assert (segment.state, segment.qualifier) == ("needs-review-translation", "fuzzy-match")
            assert segment.element is not None
            quality = segment.element.xpath("x:alt-trans/@match-quality", namespaces={"x": NS12})
            assert quality == [str(filled[text].score)]
        else:
            assert segment.target is None
    assert after[ALREADY[0]].target == ALREADY[1]
    assert etree.parse(str(out)).getroot()[0].get("target-language") == "zh-CN"


def test_a_higher_threshold_leaves_the_lower_matches_out(
    un_workspace: Workspace, sentences: Sentences, tmp_path: Path
) -> None:
    job = tmp_path / "job.xlf"
    job.write_text(xliff20(sentences.edited[:30], done=False), encoding="utf-8")
    out = tmp_path / "out.xlf"
    report = pretranslate(un_workspace, job, out, "en", "zh-CN", 95)
    assert errors(schema20(), out) == []
    expected = sum(
        score_texts(e, o).shown >= 95
        for e, o in zip(sentences.edited[:30], sentences.originals[:30], strict=True)
    )
    assert len(report.filled) >= expected > 5
    assert all(f.score >= 95 for f in report.filled)
    assert report.bands[NO_MATCH] == 30 - len(report.filled)


def test_bad_input_is_refused_and_no_output_is_written(un_workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.po"
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        pretranslate(un_workspace, broken, out)
    assert caught.value.line == 3
    text = tmp_path / "job.txt"
    text.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="XLIFF"):
        pretranslate(un_workspace, text, out)
    french = tmp_path / "fr.xlf"
    french.write_text(
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="fr"><file id="f"><unit id="u"><segment>'
        "<source>Bonjour</source></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="source language is fr"):
        pretranslate(un_workspace, french, tmp_path / "out.xlf")
    with pytest.raises(InputError, match="overwrite"):
        pretranslate(un_workspace, french, french)
    assert not out.exists() and not (tmp_path / "out.xlf").exists()
