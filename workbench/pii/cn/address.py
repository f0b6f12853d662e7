"""CN_ADDRESS: a postal address in mainland China, Hong Kong, Macau or Taiwan (地址).

An address opens with an administrative division (``浙江省``, ``上海市``, or a
city / county / district name ending in 市 / 县 / 区) and runs through smaller units to a
road, number, building or room (``路 / 街 / 号 / 座 / 栋 / 室``), sometimes followed by a
six-digit postcode.  The span ends at the last such unit before punctuation, so running
text after the address (``…路88号，请尽快寄送``) stays out.

>>> [(s, e) for s, e, _ in find_addresses('发票寄送至河北省宁县高明北京街d座 466619')]
[(5, 24)]
>>> [(s, e) for s, e, _ in find_addresses('上海市浦东新区张江路88号3号楼501室，周一送达')]
[(0, 20)]
>>> list(find_addresses('浙江省的客户反映快递未送达'))
[]
"""
from __future__ import annotations

import functools
import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ._lexicon import alternation, words

DIVISIONS = words("divisions")
CJK = "\u4e00-\u9fff"
#: units that can end an address
TERMINALS = ("号楼", "号院", "号", "室", "座", "栋", "幢", "楼", "层", "单元", "户", "村", "组", "弄", "巷",
             "路", "街", "道", "大道", "里", "苑", "园", "小区", "大厦", "广场", "公寓", "花园", "中心", "镇", "乡")
#: smaller units: at least one of these (beyond the opening division) makes an address
UNITS = ("市", "县", "区", "州", "旗", "盟") + TERMINALS

#: characters that do not start a place name (prepositions and cue words before an address)
_NOT_PLACE = "至到在于为往寄送址是的和与及住居"
_OPENING = re.compile(f"(?:{alternation(DIVISIONS)})|(?:(?![{_NOT_PLACE}])[{CJK}]){{2,5}}?(?:市|县|区)(?=[{CJK}])")
_UNIT = re.compile(alternation(UNITS))
#: characters an address is made of; punctuation and spaces end it
_BODY = re.compile(f"[{CJK}A-Za-z0-9\\-#－（）()·]*")
_TERMINAL = re.compile(f"(?:{alternation(TERMINALS)})[A-Za-z0-9\\-]{{0,6}}(?:室|号|座)?")
_POSTCODE = re.compile(r"[ \u3000]?[0-9]{6}(?![0-9])")
_STOP_WORDS = re.compile("(?:的|了|已|请|将|把|被|要求|申请|反映|表示|联系|发货|送达|签收|收到)")


@functools.lru_cache(maxsize=1 << 15)
def find_addresses(text: str) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, components)`` of each address in ``text``.  Remembered for the last
    texts, as many as a column chunk has values (``io.CHUNK_ROWS``): the person
    recognizer asks about every value of a column before it is analysed, then again,
    and forgets them when the column is done (``CnPersonRecognizer.release``)."""
    return tuple(_addresses(text))


def _addresses(text: str):
    pos = 0
    while True:
        opening = _OPENING.search(text, pos)
        if not opening:
            return
        start = opening.start()
        body_end = _BODY.match(text, opening.end()).end()
        stop = _STOP_WORDS.search(text, opening.end(), body_end)
        if stop:
            body_end = stop.start()
        end = None
        for terminal in _TERMINAL.finditer(text, opening.end(), body_end):
            end = terminal.end()
        if end is None:
            pos = opening.end()
            continue
        postcode = _POSTCODE.match(text, end)
        if postcode:
            end = postcode.end()
        yield start, end, len(_UNIT.findall(text, opening.end(), end))
        pos = end


class CnAddressRecognizer(EntityRecognizer):
    """Finds Chinese addresses by their administrative structure."""

    ENTITY = "CN_ADDRESS"
    CONTEXT = ["地址", "住址", "住所", "地点", "寄送", "收货", "通讯", "户籍", "籍贯", "address", "addr",
               "location", "residence", "dz", "zz", "txdz"]
    #: one unit after the division is a weak address; two or more a strong one
    SCORES = {1: 0.45, 2: 0.7}

    def __init__(self, supported_language: str = "zh", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name=f"{type(self).__name__}_{supported_language}",
                         context=list(self.CONTEXT), **kwargs)

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        results = []
        for start, end, components in find_addresses(text):
            score = self.SCORES[min(components, 2)]
            results.append(RecognizerResult(
                self.ENTITY, start, end, score,
                analysis_explanation=AnalysisExplanation(self.name, score,
                                                         textual_explanation=f"{components} address units"),
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results
