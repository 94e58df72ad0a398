"""The term editor's lines name a language by a tag: a wrong one is refused with the tag meant."""

from __future__ import annotations

import pytest

from glossary.model import Term
from tui.dialogs import parse_terms


def test_a_country_code_for_a_language_is_refused_with_the_tag_meant() -> None:
    with pytest.raises(ValueError, match=r"line 2: 'cn' is not a language tag \(did you mean zh-CN\?\)"):
        parse_terms("en | Belt and Road Initiative\ncn | 一带一路")


def test_tags_are_normalised_and_known_terms_keep_their_fields() -> None:
    known = (Term("zh-CN", "一带一路", "preferred", part_of_speech="noun"),)
    (en, zh) = parse_terms("EN | Belt and Road | admitted\nzh_cn | 一带一路", known)
    assert (en.lang, en.status) == ("en", "admitted")
    assert (zh.lang, zh.part_of_speech) == ("zh-CN", "noun")
