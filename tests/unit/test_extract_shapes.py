"""Candidate shapes of issue 17: possessive plurals inside names, titles apart from names, no coordinated sides."""

from __future__ import annotations

from glossary.extract import Segment, extract, kind_of


def texts(*lines: str) -> list[str]:
    segments = [Segment(n, "doc", line) for n, line in enumerate(lines, 1)]
    return [c.text for c in extract(segments, "en", top=None)]


def test_a_possessive_plural_stays_inside_a_meeting_name() -> None:
    found = texts(
        "Leaders met at the G20 Leaders' Summit in Bali.",
        "The G20 Leaders' Summit adopted a declaration.",
        "He attended the ASEAN Defence Ministers\u2019 Meeting in Jakarta.",
        "The ASEAN Defence Ministers\u2019 Meeting adopted a declaration.",
    )
    assert "G20 Leaders' Summit" in found
    assert "ASEAN Defence Ministers\u2019 Meeting" in found
    assert "G20 Leaders" not in found


def test_a_possessive_plural_before_a_common_word_is_not_a_name() -> None:
    found = texts("Continued success requires States' political support and the States' technical support.")
    assert not any("'" in c for c in found), found


def test_a_title_and_the_name_after_it_are_two_candidates() -> None:
    found = texts(
        "State Councilor and Foreign Minister Qin Gang met ASEAN Secretary-General Kao Kim Hourn in Beijing.",
        "On Monday, Qin Gang noted that China supports ASEAN, and Kao Kim Hourn said it was so.",
        "President Xi Jinping proposed the Global Development Initiative, which Xi Jinping has promoted since.",
    )
    assert "State Councilor and Foreign Minister" in found
    assert "Qin Gang" in found and "Kao Kim Hourn" in found and "Xi Jinping" in found
    assert not any(c.endswith("Qin Gang") and c != "Qin Gang" for c in found), found
    assert "Qin Gang noted" not in found and "China supports ASEAN" not in found


def test_a_name_that_continues_a_title_is_not_cut() -> None:
    found = texts(
        "He met the Secretary-General of the Association of Southeast Asian Nations on Monday.",
        "The Secretary-General of the Association of Southeast Asian Nations spoke.",
        "He was Chair of the Sierra Leone configuration of the Commission.",
        "The Sierra Leone configuration met.",
    )
    assert "Secretary-General of the Association of Southeast Asian Nations" in found
    assert "Leone configuration" not in found


def test_the_two_sides_joined_by_and_are_not_a_term() -> None:
    found = texts(
        "Relations between China and ASEAN are good.",
        "The ASEAN and China teams met, and China and ASEAN countries agreed.",
        "China hopes for peace. ASEAN hopes for peace. So Trinidad and Tobago voted.",
        "The Economic and Social Council met.",
    )
    assert not any(c in found for c in ("China and ASEAN", "ASEAN and China", "China and ASEAN countries"))
    assert "ASEAN countries" in found
    assert "Trinidad and Tobago" in found and "Economic and Social Council" in found


def test_a_name_with_its_verb_is_not_a_term() -> None:
    found = texts(
        "The Group recalls and reaffirms the commitment. IAEA places great value on cooperation.",
        "The Group expresses its serious concern. So China hopes that peace holds.",
        "So China hopes to work with ASEAN, and China speaks.",
    )
    for phrase in ("Group recalls", "IAEA places great value", "Group expresses", "China hopes"):
        assert phrase not in found, found


def test_two_phrases_chained_by_of_are_not_one_term() -> None:
    found = texts("They discussed the implementation of the decision of the conference on energy.")
    assert "implementation of the decision of the conference" not in found


def test_each_candidate_says_what_it_names() -> None:
    segments = [
        Segment(1, "doc", "State Councilor and Foreign Minister Qin Gang met the ASEAN Secretary-General."),
        Segment(
            2, "doc", "On Monday, Qin Gang spoke of the Treaty of Amity and Cooperation in Southeast Asia."
        ),
        Segment(
            3,
            "doc",
            "The Security Council and the IAEA met in the South China Sea on people-to-people exchanges.",
        ),
    ]
    kinds = {c.text: c.kind for c in extract(segments, "en", top=None)}
    assert kinds["Qin Gang"] == "person"
    assert kinds["State Councilor and Foreign Minister"] == "title"
    assert kinds["ASEAN Secretary-General"] == "title"
    assert kinds["Treaty of Amity and Cooperation in Southeast Asia"] == "meeting/document"
    assert kinds["Security Council"] == "organisation" and kinds["IAEA"] == "organisation"
    assert kinds["South China Sea"] == "place"
    assert kinds["people-to-people exchanges"] == "term"


def test_chinese_kinds_come_from_the_ending() -> None:
    assert kind_of("中央军事委员会", "zh") == "organisation"
    assert kind_of("中国共产党第十八次全国代表大会", "zh-CN") == "term"
    assert kind_of("博鳌亚洲论坛", "zh") == "meeting/document"
    assert kind_of("人类命运共同体", "zh") == "term"


def chinese_texts(*lines: str) -> list[str]:
    segments = [Segment(n, f"report {n % 3}", line) for n, line in enumerate(lines, 1)]
    return [c.text for c in extract(segments, "zh-CN", top=None)]


def test_a_numeral_classifier_or_a_negation_belongs_to_a_formula_said_only_with_it() -> None:
    found = chinese_texts(
        "我们坚持一个中国原则。",
        "一个中国原则是两岸关系的政治基础。",
        "各国都承认一个中国原则。",
        "这是一个国家的大事。",
        "国家利益高于一切。",
        "维护国家安全。",
        "反对不正当竞争。",
        "制止不正当竞争行为。",
        "我们不能放松。",
    )
    # 中国原则 is only ever said after 一个, 正当竞争 after 不: the formula holds them.
    assert "一个中国原则" in found and "不正当竞争" in found, found
    assert "中国原则" not in found and "正当竞争" not in found, found
    # 国家 is mostly said without 一个: "a country" is no term; nor is a bound word alone or at the end.
    assert not [t for t in found if t.startswith("一个国家")], found
    assert not {"一个", "不", "不能"} & set(found), found


def test_a_document_name_ends_with_a_head_jieba_knows_as_a_verb() -> None:
    # jieba's dictionary tags 协定 ("agreement") only as a verb ("to agree"); as the head of a document's name
    # it ends the name.
    found = chinese_texts(
        "推动区域全面经济伙伴关系协定生效。",
        "区域全面经济伙伴关系协定形成了全球最大自贸区。",
    )
    assert "区域全面经济伙伴关系协定" in found and "区域全面经济伙伴关系" not in found, found
