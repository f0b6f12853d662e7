"""What each entity means for compliance: PIPL sensitivity and a data category.

Sensitivity follows PIPL Art. 28 (sensitive personal information: biometrics, religion,
specific identity, medical, financial accounts, whereabouts, and any PI of minors under
14).  Levels S1-S4 follow GB/T 43697-2024 as Chinese data-security teams grade them
(S2 general contact data, S3 identity documents and financial accounts); categories are
GB/T 35273-2020 Appendix A style.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import field


@dataclass(frozen=True)
class EntityInfo:
    """Everything the tool knows about one entity, in one place: its labels, its PIPL
    sensitivity and grading, how it is masked, how its values are compared and which
    column rule may veto it."""

    name: str
    label_zh: str
    label_en: str
    sensitive: bool  # PIPL Art. 28 sensitive personal information
    level: str  # GB/T 43697 grading as used by Chinese clients
    category_zh: str
    category_en: str
    identifying: bool  # identifies one person on its own (counts data subjects)
    #: characters a masked value keeps at each end (prefix, suffix): ``138****5678``
    keep: tuple[int, int] = (1, 1)
    #: values compared by their digits (and X check character) alone, so that
    #: ``138 1234 5678`` and ``13812345678`` are one person
    compared_by_digits: bool = False
    #: dropped from a column of reference or order numbers (``column_rules``: an
    #: ID-shaped column with impossible dates or provinces holds no IDs, cards or codes)
    vetoed_in_reference_columns: bool = False

    def label(self, lang: str = "zh") -> str:
        return field(self, "label", lang)

    def category(self, lang: str = "zh") -> str:
        return field(self, "category", lang)


ENTITIES: dict[str, EntityInfo] = {
    e.name: e
    for e in (
        EntityInfo("PERSON", "姓名", "Name", False, "S2", "个人基本资料", "basic personal data", False, keep=(1, 0)),
        EntityInfo(
            "CN_RESIDENT_ID",
            "居民身份证号",
            "Resident ID number",
            True,
            "S3",
            "个人身份信息",
            "identity documents",
            True,
            keep=(4, 4),
            compared_by_digits=True,
            vetoed_in_reference_columns=True,
        ),
        EntityInfo(
            "CN_MOBILE_PHONE",
            "手机号码",
            "Mobile phone",
            False,
            "S2",
            "个人联系方式",
            "contact details",
            True,
            keep=(3, 4),
            compared_by_digits=True,
        ),
        EntityInfo(
            "CN_LANDLINE_PHONE",
            "固定电话",
            "Landline phone",
            False,
            "S2",
            "个人联系方式",
            "contact details",
            False,
            keep=(4, 2),
        ),
        EntityInfo("EMAIL_ADDRESS", "电子邮箱", "E-mail address", False, "S2", "个人联系方式", "contact details", True),
        EntityInfo(
            "CN_ADDRESS",
            "地址",
            "Postal address",
            False,
            "S2",
            "个人基本资料",
            "basic personal data",
            False,
            keep=(6, 0),
        ),
        EntityInfo(
            "CN_BANK_CARD",
            "银行卡号",
            "Bank card number",
            True,
            "S3",
            "个人财产信息",
            "financial accounts",
            True,
            keep=(4, 4),
            compared_by_digits=True,
            vetoed_in_reference_columns=True,
        ),
        EntityInfo(
            "CN_USCC",
            "统一社会信用代码",
            "Unified social credit code",
            False,
            "S1",
            "组织标识",
            "organisation identifier",
            False,
            keep=(4, 4),
            vetoed_in_reference_columns=True,
        ),
        EntityInfo(
            "CN_PASSPORT",
            "护照号码",
            "Passport number",
            True,
            "S3",
            "个人身份信息",
            "identity documents",
            True,
            keep=(1, 2),
            compared_by_digits=True,
        ),
        EntityInfo(
            "CN_HK_MACAU_PERMIT",
            "港澳通行证号",
            "HK/Macau permit number",
            True,
            "S3",
            "个人身份信息",
            "identity documents",
            True,
            keep=(1, 2),
            compared_by_digits=True,
        ),
        EntityInfo(
            "CN_VEHICLE_PLATE", "车牌号", "Vehicle plate", False, "S2", "个人财产信息", "property", False, keep=(2, 0)
        ),
        EntityInfo(
            "IP_ADDRESS", "IP 地址", "IP address", False, "S2", "网络身份标识", "online identifiers", False, keep=(0, 0)
        ),
        EntityInfo(
            "DATE_OF_BIRTH",
            "出生日期",
            "Date of birth",
            False,
            "S2",
            "个人基本资料",
            "basic personal data",
            False,
            keep=(4, 0),
        ),
    )
}

ENTITY_NAMES = tuple(ENTITIES)


def label(entity: str, lang: str = "zh") -> str:
    info = ENTITIES.get(entity)
    return entity if info is None else info.label(lang)
