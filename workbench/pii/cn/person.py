"""PERSON: a Chinese personal name (姓名), found without any downloadable model.

A name is a surname (one character, or a compound such as 欧阳 / 司马) followed by one
or two given-name characters.  Three situations are told apart:

- the whole cell is a name (a name column, whatever its header says): ``王坤``;
- a cue before the name says a person follows: ``联系人王芳``, ``来电人刘红``,
  ``客户李宇反映``;
- a title after it says so: ``杜琳先生``, ``马云女士``, ``张经理``.

Characters that rarely end a given name but often follow one in running text (verbs
such as 反/申/要, particles such as 的/了, punctuation) end the name, so ``客户李宇反映``
yields ``李宇``.

>>> [m for m in find_names('客户李宇反映快递未送达')]
[(2, 4, 'cue')]
>>> [m for m in find_names('杜琳先生的车辆已登记')]
[(0, 2, 'title')]
>>> is_name('欧阳娜娜'), is_name('王坤'), is_name('金卡')
(True, True, False)
"""
from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._lexicon import alternation, words

SURNAMES = frozenset(words("surnames"))
COMPOUND_SURNAMES = frozenset(s for s in SURNAMES if len(s) > 1)

#: characters that (almost) never occur in a given name but often follow one in text
NOT_IN_GIVEN_NAME = frozenset(
    "的了是在有和与及或等对把被将从到向于为以也都就而但说称讲问答要请让给叫想会能可应该已曾正"
    "反映申请办理要求表示认为来电来访投诉咨询反馈联系登记购买收到寄送签收付款支付退还提交修改注销变更"
    "先生女士小姐老师经理总监主任同志师傅医生律师博士教授阿姨老板夫人太太"
    "公司银行集团店厂局部处科室所院校会社行业卡级号码证件户籍省市县区镇乡村路街道巷弄栋楼层室座"
    "元角分年月日时秒周天个只条件次位名份项款笔张台辆套些每各该此其这那哪谁什么怎么"
    "一二三四五六七八九十百千万亿零两第"
    "客户用户会员员工顾客司机快递订单工单服务产品商品信息数据资料电话手机地址邮箱账号密码"
    "男女性别出生身份证护照通行车牌银联开户"
)

ROLE_CUES = ("联系人", "来电人", "来访人", "收货人", "收件人", "寄件人", "经办人", "申请人", "持卡人",
             "户主", "法人代表", "法定代表人", "负责人", "业主", "姓名", "客户", "用户", "会员",
             "顾客", "患者", "委托人", "担保人", "借款人", "投保人", "被保险人", "乘客", "租户",
             "签收人", "代理人", "监护人", "家属", "员工", "职员", "学员", "学生", "本人", "致")
TITLES = ("先生", "女士", "小姐", "老师", "经理", "总监", "主任", "同志", "师傅", "医生", "律师",
          "博士", "教授", "阿姨", "老板", "总")

CJK = "[\u4e00-\u9fff]"
_SURNAME = f"(?:{alternation(SURNAMES)})"
_CANDIDATE = re.compile(f"(?=({_SURNAME})({CJK}{{1,2}}))")
_ROLE = re.compile(f"(?:{alternation(ROLE_CUES)})[:：为是]?$")
_TITLE = re.compile(f"(?:{alternation(TITLES)})")
_WHOLE = re.compile(f"({_SURNAME})({CJK}{{1,2}})")


def _given_ok(given: str) -> bool:
    return bool(given) and not any(ch in NOT_IN_GIVEN_NAME for ch in given)


def is_name(text: str) -> bool:
    """Whether the whole text is a plausible Chinese name."""
    text = text.strip()
    match = _WHOLE.fullmatch(text)
    if not match:
        return False
    surname, given = match.groups()
    if len(surname) == 1 and len(text) >= 2 and text[:2] in COMPOUND_SURNAMES:
        surname, given = text[:2], text[2:]
    return _given_ok(given)


def find_names(text: str):
    """Yield ``(start, end, why)`` for names announced by a cue or a title."""
    taken = -1
    for match in _CANDIDATE.finditer(text):
        start = match.start()
        if start < taken:
            continue
        surname, tail = match.group(1), match.group(2)
        given = ""
        for ch in tail:
            if ch in NOT_IN_GIVEN_NAME:
                break
            given += ch
        name_start = start + len(surname)
        # a title right after the given name: 杜琳先生, 马云女士
        size = next((n for n in (len(given), len(given) - 1) if n >= 1 and _TITLE.match(text, name_start + n)), 0)
        if size:
            taken = name_start + size
            yield start, taken, "title"
        elif given and _ROLE.search(text, max(0, start - 6), start):
            taken = name_start + len(given)
            yield start, taken, "cue"


class CnPersonRecognizer(EntityRecognizer):
    """Finds Chinese personal names in cells and in running text."""

    ENTITY = "PERSON"
    CONTEXT = ["姓名", "名字", "联系人", "收货人", "收件人", "客户名", "法定代表人", "法人", "负责人",
               "经办人", "持卡人", "户名", "name", "contact", "person", "owner", "xm", "lxr"]
    WHOLE_CELL_SCORE = 0.5
    CUE_SCORE = 0.85

    def __init__(self, supported_language: str = "zh", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name=f"{type(self).__name__}_{supported_language}",
                         context=list(self.CONTEXT), **kwargs)

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        stripped = text.strip()
        if is_name(stripped):
            offset = text.index(stripped)
            return [self._result(offset, offset + len(stripped), self.WHOLE_CELL_SCORE, "whole cell")]
        return [self._result(start, end, self.CUE_SCORE, why) for start, end, why in find_names(text)]

    def _result(self, start, end, score, why):
        return RecognizerResult(
            self.ENTITY, start, end, score,
            analysis_explanation=self.build_explanation(score, why),
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})

    def build_explanation(self, score, why):
        from presidio_analyzer import AnalysisExplanation
        return AnalysisExplanation(recognizer=self.name, original_score=score, textual_explanation=why)
