"""The document segmenter: real sentences from the seed press release and the UN dev set, codes and whitespace."""

from __future__ import annotations

import pytest

from memories.documents.model import Code, CodeKind, Content, plain_text
from memories.documents.segment import join_block, make_segments, segment_block, split_block
from tests.conftest import shared

B_OPEN = Code(CodeKind.OPEN, 1, "bold", "**", "**")
B_CLOSE = Code(CodeKind.CLOSE, 1, "bold", "**", "**")
BREAK = Code(CodeKind.STANDALONE, 2, "break", "<br/>", "<br/>")


def texts(contents: tuple[Content, ...]) -> list[str]:
    return [plain_text(c) for c in contents]


def assert_rejoins(content: Content, lang: str = "en") -> None:
    split = split_block(content, lang)
    assert join_block(split, [None] * len(split.segments)) == content
    assert join_block(split, list(split.segments)) == content


@pytest.fixture(scope="module")
def un_lines() -> list[str]:
    return shared("corpora", "unpc-devset-6way", "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()


def test_un_sentences_with_diplomatic_abbreviations_stay_whole(un_lines: list[str]) -> None:
    # Each line is one sentence with H.E., Mr., para. N, Act No. N, ibid., a numbered paragraph mark.
    lines = [un_lines[i - 1] for i in (111, 112, 153, 856, 1296, 1714)]
    assert "H.E. Mr. Abel" in lines[0] and lines[1].startswith("9. ") and "Act No. 18561" in lines[2]
    for line in lines:
        assert texts(segment_block((line,), "en")) == [line]
    paragraph = " ".join(lines)
    assert texts(segment_block((paragraph,), "en")) == lines
    assert_rejoins((paragraph,))


def test_press_release_paragraph_splits_into_its_sentences() -> None:
    text = shared("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt").read_text(
        encoding="utf-8"
    )
    paragraph = next(p for p in text.split("\n\n") if p.startswith("Qin Gang said"))
    sentences = texts(segment_block((paragraph,), "en"))
    assert len(sentences) == 8
    assert sentences[0].endswith("regional development and prosperity.")
    assert sentences[1].startswith("This year marks the 10th anniversary")
    assert " ".join(sentences) == paragraph
    # The date line is one segment, not cut at the slashes or the bar.
    assert texts(
        segment_block(("03/27/2023 | News release | Distributed by Public on 03/28/2023 20:47",), "en")
    ) == ["03/27/2023 | News release | Distributed by Public on 03/28/2023 20:47"]


def test_abbreviations_and_numbered_paragraphs() -> None:
    cases = {
        "H.E. Mr. Wang Yi met the U.N. Secretary-General. He thanked him.": 2,
        "1. Recalls Art. 5, para. 3 of the Charter and resolution No. 70/1. It decides.": 2,
        "(a) To decide on the matter. (b) To act.": 2,
        "See para. 3. Then more.": 2,
    }
    for text, count in cases.items():
        got = texts(segment_block((text,), "en"))
        assert len(got) == count, got
    assert texts(segment_block(("(a) To decide on the matter. (b) To act.",), "en")) == [
        "(a) To decide on the matter.",
        "(b) To act.",
    ]


def test_chinese_sentence_punctuation_and_closing_quotes(un_lines: list[str]) -> None:
    zh = shared("corpora", "unpc-devset-6way", "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    line = zh[2]  # 联合国的任何改革都不应重新定义《宪章》的这些原则，也不应破坏这些原则的实行。
    assert texts(segment_block((zh[1] + line,), "zh-CN"))[-1] == line
    got = texts(segment_block(("他说：“我们走吧。”然后离开了！真的吗？是的；好。",), "zh"))
    assert got == ["他说：“我们走吧。”", "然后离开了！", "真的吗？", "是的；", "好。"]
    assert_rejoins(("他说：“我们走吧。”然后离开了！ 真的吗？",), "zh")


def test_whitespace_between_and_around_segments_is_kept() -> None:
    content: Content = ("  First sentence.  Second\nsentence goes on.\nThird one!\n",)
    split = split_block(content, "en")
    assert texts(split.segments) == ["First sentence.", "Second\nsentence goes on.", "Third one!"]
    assert split.lead == ("  ",) and split.gaps == (("  ",), ("\n",), ("\n",))
    assert_rejoins(content)
    assert split_block(("   ",), "en").segments == ()
    assert split_block(("\n",), "en").lead == ("\n",)


def test_paired_codes_never_split_across_segments() -> None:
    crossing: Content = ("First. ", B_OPEN, "Bold one. Still bold.", B_CLOSE, " Last.")
    got = segment_block(crossing, "en")
    assert got == (("First.",), (B_OPEN, "Bold one. Still bold.", B_CLOSE), ("Last.",))
    inside: Content = (B_OPEN, "Done.", B_CLOSE, " Next.", BREAK, "After the break.")
    got = segment_block(inside, "en")
    assert got == ((B_OPEN, "Done.", B_CLOSE), ("Next.", BREAK), ("After the break.",))
    assert_rejoins(crossing)
    assert_rejoins(inside)


def test_join_with_translations_and_ids() -> None:
    split = split_block(("One. Two. ",), "en")
    assert join_block(split, [("一。",), ("二。",)], "zh-CN") == ("一。二。 ",)
    assert join_block(split, [("Un.",), None], "fr") == ("Un. Two. ",)
    assert [s.id for s in make_segments("p3", split)] == ["p3.s1", "p3.s2"]
    # Chinese into English: sentences that touched in the source get a space; the original stays as it was.
    chinese = split_block(("第一句。第二句！",), "zh-CN")
    assert join_block(chinese, [("First.",), ("Second!",)], "en") == ("First. Second!",)
    assert join_block(chinese, [("First.",), None], "en") == ("First.第二句！",)
    assert join_block(chinese, [None, None], "en") == ("第一句。第二句！",)
    with pytest.raises(ValueError):
        join_block(split, [None])
