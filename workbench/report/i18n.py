"""Report wording in Chinese (default) and English."""
from __future__ import annotations

TEXT = {
    "report_title": ("客户个人信息合规评估报告", "Customer Personal Information Compliance Assessment"),
    "scenario": ("场景", "Scenario"), "consultant": ("评估顾问", "Consultant"), "date": ("报告日期", "Report date"),
    "summary": ("执行摘要", "Executive summary"), "score": ("合规得分", "Compliance score"),
    "risk_level": ("风险等级", "Risk level"), "urgent": ("最紧急的三项行动", "The three most urgent actions"),
    "answered": ("已回答控制项", "Controls answered"), "unanswered_points": ("尚未完整回答的要点", "Points not fully answered"),
    "inventory": ("数据清点", "Data inventory"), "files": ("文件", "Files"), "rows": ("行数", "Rows"),
    "columns_pii": ("含个人信息的列", "Columns with personal information"),
    "data_subjects": ("估计个人信息主体数", "Estimated data subjects"),
    "sensitive": ("敏感个人信息", "Sensitive personal information"), "minors": ("不满十四周岁未成年人", "Minors under 14"),
    "masked_share": ("已脱敏列占比", "Share of masked columns"), "file": ("文件", "File"), "sheet": ("工作表", "Sheet"),
    "column": ("列", "Column"), "entity": ("信息类型", "Entity"), "share": ("占比", "Share"),
    "distinct": ("不同值", "Distinct"), "masked": ("脱敏", "Masked"), "examples": ("脱敏示例", "Masked examples"),
    "yes": ("是", "yes"), "no": ("否", "no"), "none": ("无", "none"),
    "charts": ("风险与数据概览", "Risk and data at a glance"),
    "risk_by_category": ("各类别合规得分", "Score by category"), "pii_by_entity": ("个人信息类型分布（行数）", "Personal information by type (rows)"),
    "risk_matrix": ("风险矩阵（影响 × 可能性）", "Risk matrix (impact × likelihood)"),
    "impact": ("影响", "Impact"), "likelihood": ("可能性", "Likelihood"),
    "points": ("二十项评估要点", "The 20 assessment points"), "point": ("要点", "Point"), "answers": ("回答", "Answers"),
    "risk": ("风险", "Risk"), "legal_basis": ("法律依据", "Legal basis"), "reason": ("原因", "Reason"),
    "gaps": ("未达标控制项", "Controls not met"), "control": ("控制项", "Control"),
    "question": ("检查问题", "Question"), "evidence": ("应留存证据", "Evidence to keep"),
    "no_gaps": ("没有回答为“部分符合”或“不符合”的控制项。", "No control was answered partial or non-compliant."),
    "remediation": ("整改计划", "Remediation plan"), "action": ("行动", "Action"), "priority": ("优先级", "Priority"),
    "deadline": ("建议期限", "Suggested deadline"), "owner": ("责任角色", "Owner"), "days": ("{n} 天内", "within {n} days"),
    "method": ("方法与来源", "Method and provenance"), "size": ("大小", "Size"), "sha256": ("SHA-256", "SHA-256"),
    "tool": ("工具版本", "Tool versions"), "run_time": ("运行时间", "Run time"), "scan_time": ("扫描时间", "Scan time"),
    "method_text": ("本报告依据所选场景的二十项检查清单及对客户数据文件的自动扫描生成。风险按 GB/T 39335-2020 思路以“影响 × 可能性”评估；扫描结果中的敏感个人信息、未成年人信息、自由文本中的标识信息等会提高相应要点的风险。报告中出现的个人信息均已脱敏。",
                    "This report combines the scenario's 20-point checklist with an automated scan of the client's data files. Risk is assessed as impact × likelihood after GB/T 39335-2020; sensitive personal information, minors' data and identifiers in free text found by the scan raise the risk of the points concerned. Every personal value shown is masked."),
    "read_error": ("无法读取", "could not be read"), "no_pii": ("未发现个人信息", "no personal information found"),
    "unanswered": ("未回答", "unanswered"), "not_applicable": ("不适用", "not applicable"),
    "compliant": ("符合", "compliant"), "partial": ("部分符合", "partial"), "non_compliant": ("不符合", "non-compliant"),
}

CATEGORIES = {
    "deletion": ("删除与销毁", "Deletion and destruction"), "transfer": ("转移与交接", "Transfer and handover"),
    "security": ("安全措施", "Security measures"), "inventory": ("分类与清点", "Inventory and classification"),
    "records": ("记录与存档", "Records and archives"), "risk_assessment": ("风险评估", "Risk assessment"),
    "incident": ("应急响应", "Incident response"), "cross_border": ("跨境与国际", "Cross-border"),
    "governance": ("合规治理", "Governance"), "lawful_basis": ("合法性基础", "Lawful basis"),
    "data_subject_rights": ("个人权利", "Individuals' rights"), "transparency": ("公开透明", "Transparency"),
    "principles": ("处理原则", "Principles"), "process": ("流程与协作", "Process"), "business": ("经营管理", "Business"),
}


def category(key: str, lang: str = "zh") -> str:
    zh, en = CATEGORIES.get(key, (key, key))
    return zh if lang == "zh" else en


def t(key: str, lang: str = "zh", **kwargs) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**kwargs)
