"""Names and helpers every XLIFF module shares: namespaces, the states glossary reads and writes, the version."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from memories.errors import InputError
from memories.formats._xml import (
    line_of,
)

NS12 = "urn:oasis:names:tc:xliff:document:1.2"


NS20 = "urn:oasis:names:tc:xliff:document:2.0"


MTC = "urn:oasis:names:tc:xliff:matches:2.0"


# (lxml takes None as the default namespace's prefix; its stubs ask for str.)
_NSMAP20: dict[str, str] = {None: NS20}  # type: ignore[dict-item]


_NSMAP12: dict[str, str] = {None: NS12}  # type: ignore[dict-item]


_OLD_NAMESPACES = frozenset(
    {"urn:oasis:names:tc:xliff:document:1.1", "urn:oasis:names:tc:xliff:document:1.0"}
)


_XML_NS = "http://www.w3.org/XML/1998/namespace"


_XML_LANG = f"{{{_XML_NS}}}lang"


_XML_SPACE = f"{{{_XML_NS}}}space"


_DOCTYPE_HINT = "remove the DOCTYPE line (XLIFF needs none)"


# 1.2 target states that say the target is not a translation yet, and those that ask for a review.
_UNTRANSLATED_12 = frozenset({"new", "needs-translation"})


_REVIEW_12 = frozenset(
    {
        "needs-adaptation",
        "needs-l10n",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-review-translation",
    }
)


# How glossary marks a fuzzy target (a translation not yet checked) and one to review.
_FUZZY_12 = "fuzzy-match"


_FUZZY_20 = "glossary:fuzzy"


_REVIEW_20 = "glossary:review"


# TMX code types beyond XLIFF 2.0's own travel in subType under this prefix (``tmx:bold``).
_TMX_PREFIX = "tmx:"


_NMTOKEN = re.compile(r"[\w.:-]+")


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _ns(tag: object) -> str:
    text = str(tag)
    return text[1 : text.index("}")] if text.startswith("{") else ""


def _version(path: Path, root: etree._Element) -> str:
    """``1.2`` or ``2.0`` from the root's namespace."""
    ns = _ns(root.tag)
    if _local(root.tag) == "xliff":
        if ns == NS20:
            return "2.0"
        if ns == NS12 or ns in _OLD_NAMESPACES or (ns == "" and root.get("version", "").startswith("1.")):
            return "1.2"
    raise InputError(
        path,
        f"the root element is <{_local(root.tag)}> in namespace {ns or '(none)'!r}, not an XLIFF 1.2 or 2.0 <xliff>",
        line_of(root),
        hint="this is not an XLIFF file; give --format if its name misleads",
    )
