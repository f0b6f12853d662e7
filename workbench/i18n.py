"""The one catalogue of wording in Chinese (default) and English, for the report, the
portfolio page, the notebook app and the command line.

Every text a user reads is a key here with its two wordings; code asks ``t(key, lang)``
(one language, the report's) or ``both(key)`` (the notebook app and terminal messages,
which show Chinese and English side by side).  Data that carries its own two wordings
(checklist YAML's ``title_zh`` / ``title_en``, citations' ``law_zh`` / ``law_en``) stays
data and is read through ``pick``.  Place names inside documents ("page 2", "table 1",
"attachment 合同.docx / page 2") are stored in English as stable ids and translated for
display by ``part_label``.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

TEXT = {
    "report_title": ("客户个人信息合规评估报告", "Customer Personal Information Compliance Assessment"),
    "scenario": ("场景", "Scenario"),
    "consultant": ("评估顾问", "Consultant"),
    "date": ("报告日期", "Report date"),
    "summary": ("执行摘要", "Executive summary"),
    "score": ("合规得分", "Compliance score"),
    "risk_level": ("风险等级", "Risk level"),
    "urgent": ("最紧急的三项行动", "The three most urgent actions"),
    "answered": ("已回答控制项", "Controls answered"),
    "unanswered_points": ("尚未完整回答的要点", "Points not fully answered"),
    "inventory": ("数据清点", "Data inventory"),
    "files": ("文件", "Files"),
    "rows": ("行数", "Rows"),
    "data_subjects": ("估计个人信息主体数", "Estimated data subjects"),
    "sensitive": ("敏感个人信息", "Sensitive personal information"),
    "minors": ("不满十四周岁未成年人", "Minors under 14"),
    "masked_share": ("已脱敏列占比", "Share of masked columns"),
    "file": ("文件", "File"),
    "sheet": ("工作表", "Sheet"),
    "column": ("列", "Column"),
    "entity": ("信息类型", "Entity"),
    "share": ("占比", "Share"),
    "distinct": ("不同值", "Distinct"),
    "masked": ("脱敏", "Masked"),
    "examples": ("脱敏示例", "Masked examples"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "none": ("无", "None"),
    "charts": ("风险与数据概览", "Risk and data at a glance"),
    "risk_by_category": ("各类别合规得分", "Score by category"),
    "pii_by_entity": ("个人信息类型分布（行数）", "Personal information by type (rows)"),
    "risk_matrix": ("风险矩阵（影响 × 可能性）", "Risk matrix (impact × likelihood)"),
    "impact": ("影响", "Impact"),
    "likelihood": ("可能性", "Likelihood"),
    "points": ("二十项评估要点", "The 20 assessment points"),
    "point": ("要点", "Point"),
    "answers": ("回答", "Answers"),
    "risk": ("风险", "Risk"),
    "legal_basis": ("法律依据", "Legal basis"),
    "reason": ("原因", "Reason"),
    "control": ("控制项", "Control"),
    "question": ("检查问题", "Question"),
    "evidence": ("应留存证据", "Evidence to keep"),
    "remediation": ("整改计划", "Remediation plan"),
    "action": ("行动", "Action"),
    "priority": ("优先级", "Priority"),
    "owner": ("责任角色", "Owner"),
    "method": ("方法与来源", "Method and provenance"),
    "size": ("大小", "Size"),
    "sha256": ("SHA-256", "SHA-256"),
    "tool": ("工具版本", "Tool versions"),
    "run_time": ("运行时间", "Run time"),
    "scan_time": ("扫描时间", "Scan time"),
    "method_text": (
        "本报告依据所选场景的二十项检查清单及对客户数据文件的自动扫描生成。风险按 GB/T 39335-2020 思路以“影响 × 可能性”评估；扫描结果中的敏感个人信息、未成年人信息、自由文本中的标识信息等会提高相应要点的风险。报告中出现的个人信息均已脱敏。",
        "This report combines the scenario's 20-point checklist with an automated scan of the client's data files. Risk is assessed as impact × likelihood after GB/T 39335-2020; sensitive personal information, minors' data and identifiers in free text found by the scan raise the risk of the points concerned. Every personal value shown is masked.",
    ),
    "read_error": ("无法读取", "could not be read"),
    "no_pii": ("未发现个人信息", "no personal information found"),
    "unanswered": ("未回答", "Unanswered"),
    "not_applicable": ("不适用", "N/A"),
    "compliant": ("符合", "Compliant"),
    "partial": ("部分符合", "Partial"),
    "non_compliant": ("不符合", "Non-compliant"),
    # -- deliverable sections (issue 16) --------------------------------------------------
    "document_control": ("文件控制", "Document control"),
    "version": ("版本", "Version"),
    "status": ("状态", "Status"),
    "draft": ("草稿", "Draft"),
    "final": ("定稿", "Final"),
    "confidentiality": ("密级", "Confidentiality"),
    "confidential": ("机密 · 仅供客户内部使用", "Confidential: for the client's internal use only"),
    "distribution": ("分发范围", "Distribution"),
    "default_distribution": ("客户管理层；评估顾问", "Client management; the assessing consultant"),
    "assessment_date": ("评估基准日", "Assessment date"),
    "reviewer": ("复核人", "Reviewer"),
    "draft_because_provisional": (
        "仍有控制项未回答，本报告只能作为草稿发布。",
        "Controls are still unanswered, so this report can only be issued as a draft.",
    ),
    "provisional": ("暂定结果", "Provisional"),
    "provisional_text": (
        "{answered}/{controls} 个控制项已回答（{share}）。未回答的控制项按“部分符合”计分，得分和等级可能随回答而变化。",
        "{answered} of {controls} controls answered ({share}). Unanswered controls are scored as partially compliant; the score and level may change as they are answered.",
    ),
    "unrated_text": (
        "已回答的控制项不足 {minimum}，本报告不给出风险等级。",
        "Fewer than {minimum} of the controls are answered, so this report gives no risk level.",
    ),
    "opinion": ("评估意见", "Opinion"),
    "opinion_unrated": (
        "目前尚不能就{what}给出意见：仅 {share} 的控制项已回答，低于出具意见所需的 {minimum}。请先完成“待补充回答”清单。",
        'No opinion can be given yet on the {what}: only {share} of the controls are answered, below the {minimum} needed for an opinion. Complete the "to complete" list first.',
    ),
    "opinion_conditions": (
        "{what}在完成以下 {n} 项条件后方可进行：",
        "The {what} can proceed once these {n} conditions are met:",
    ),
    "opinion_clear": (
        "未发现阻碍{what}的严重或高风险事项；{what}可以进行，建议同时完成整改计划中的其余事项。",
        "No severe or high risk stands in the way of the {what}; it can proceed, with the remaining remediation actions completed alongside.",
    ),
    "opinion_provisional": (
        "本意见为暂定意见，待其余 {n} 个控制项回答后确认。",
        "This opinion is provisional until the remaining {n} controls are answered.",
    ),
    "scope": ("范围", "Scope"),
    "company_notes": ("公司情况说明", "Company notes"),
    "in_scope": ("纳入扫描的数据集", "Datasets in scope"),
    "out_of_scope": ("不在范围内", "Out of scope"),
    "out_of_scope_text": (
        "未提供给评估顾问的系统、数据库、纸质档案及备份介质；下列无法读取的文件：",
        "Systems, databases, paper archives and backup media not provided to the consultant; these unreadable files:",
    ),
    "out_of_scope_default": (
        "未提供给评估顾问的系统、数据库、纸质档案及备份介质。",
        "Systems, databases, paper archives and backup media not provided to the consultant.",
    ),
    "subject_categories": ("个人信息主体类别", "Categories of data subjects"),
    "pi_categories": ("扫描发现的个人信息类别", "Categories of personal information found"),
    "method_checklist": (
        "检查清单：{title}（{points} 个要点、{controls} 个控制项，依据种子文件 {seed} 整理）。",
        "Checklist: {title} ({points} points, {controls} controls, drawn from seed {seed}).",
    ),
    "method_formula": (
        "每个要点的风险 = 影响（1–4）× 可能性（1–4）。影响取自清单中的影响等级，扫描证据可使其提高；可能性取该要点中最差的回答：符合 1、部分符合 3、不符合 4。得分 = 100 × (1 − Σ 权重×(风险−1)/15 ÷ Σ 权重)。",
        "Each point's risk = impact (1–4) × likelihood (1–4). Impact comes from the checklist's impact level and scan evidence can raise it; likelihood is the point's worst answer: compliant 1, partial 3, non-compliant 4. Score = 100 × (1 − Σ weight×(risk−1)/15 ÷ Σ weight).",
    ),
    "method_unanswered": (
        "未回答的控制项按“部分符合”（可能性 3）计分，绝不视为符合；存在未回答控制项时结果为暂定。已回答比例低于 {minimum} 时不给出等级。",
        "Unanswered controls are scored as partially compliant (likelihood 3), never as fine; while any is unanswered the result is provisional. Below {minimum} answered no level is given.",
    ),
    "method_na": (
        "回答为“不适用”的控制项不参与计算；全部控制项均不适用的要点不计入得分，显示为“不适用”。",
        "Controls answered not applicable leave the calculation; a point whose controls are all not applicable leaves the score and is shown as N/A.",
    ),
    "bands": ("得分区间", "Score bands"),
    "band": ("等级", "Level"),
    "range": ("得分", "Score"),
    "point_bands": (
        "要点风险：12–16 严重，8–11 高，4–7 中，1–3 低。",
        "Point risk: 12–16 severe, 8–11 high, 4–7 medium, 1–3 low.",
    ),
    "method_scan": (
        "扫描方法：逐列读取全部工作表与文件，用 Presidio 识别器（正则 + 校验位：身份证、银行卡、统一社会信用代码；手机号以 phonenumbers 元数据校验；姓名与地址由模型与规则识别），以列标题为上下文。列中多数非空值为同一类型时该列记为此类型，否则记为自由文本。报告中的个人信息均已脱敏。",
        "Scan method: every sheet and file is read column by column with Presidio recognizers (patterns plus check digits for resident IDs, bank cards and credit codes; mobile numbers checked against phonenumbers' metadata; names and addresses by model and rules), with the column header as context. A column is typed by the entity most of its non-empty values hold, otherwise it is free text. Every personal value shown is masked.",
    ),
    "method_limits": (
        "扫描的局限：格式与校验位都正确的“相似号码”（如商品编码中恰好符合手机号规则的数字）会被计入；未按常见格式书写的姓名、地址可能漏检；数据主体数按最多的可识别号码去重估计，不同文件中的同一人可能重复计数。",
        "Scan limits: look-alike numbers with a valid format and check digit (a product code that happens to be a valid mobile number) are counted; names and addresses written in unusual forms may be missed; data subjects are estimated from the most numerous distinct identifying number, so one person in several files may be counted more than once.",
    ),
    "glossary": ("术语与数字定义", "Glossary of figures"),
    "term": ("术语", "Term"),
    "definition": ("定义", "Definition"),
    "g_subjects": (
        "任一“可单独识别个人的号码”类型（身份证号、手机号、电子邮箱、银行卡号、护照号、港澳通行证号）在全部文件中的不同值个数的最大值；没有此类号码时取不同姓名数。",
        "The largest number of distinct values of any identifying-number type (resident ID, mobile, e-mail, bank card, passport, HK/Macau permit) across all files; the number of distinct names when there is none.",
    ),
    "identifying_numbers": ("可单独识别个人的号码", "Identifying numbers"),
    "g_identifying": (
        "身份证号、手机号、电子邮箱、银行卡号、护照号、港澳通行证号：单独即可识别到个人。姓名、地址、车牌等属于个人信息，但不计入此项。",
        "Resident ID, mobile number, e-mail, bank card, passport and HK/Macau permit numbers: each identifies a person on its own. Names, addresses and plates are personal information but not counted here.",
    ),
    "free_text_findings": ("自由文本中的号码", "Numbers in free text"),
    "g_free_text": (
        "没有主导类型的列（备注、工单内容等）中检出的可单独识别个人的号码的处数。",
        "Findings of identifying numbers in columns with no dominant type (remarks, ticket text and the like).",
    ),
    "unmasked_columns": ("未脱敏标识号码列", "Unmasked identifier columns"),
    "g_unmasked": (
        "主导类型为可单独识别个人的号码且未脱敏的列数；数据清点表中标为“标识号码”的列。",
        'Columns whose dominant type is an identifying number and that are not masked: the columns marked "identifier" in the inventory.',
    ),
    "g_masked_share": (
        "已脱敏的列 ÷（已脱敏的列 + 有主导个人信息类型的列）。",
        "Masked columns ÷ (masked columns + columns with a dominant personal-information type).",
    ),
    "g_rows": (
        "全部文件、全部工作表的数据行数之和（不含标题行）。",
        "Data rows over all files and sheets (header rows excluded).",
    ),
    "identifier": ("标识号码", "identifier"),
    "provenance": ("数据来源与工具", "Sources and tools"),
    "findings": ("评估发现", "Findings"),
    "n_points": ("{n} 个要点", "{n} points"),
    "n_point": ("{n} 个要点", "1 point"),
    "failing_controls": ("未达标的控制项", "Controls not met"),
    "note": ("备注", "Note"),
    "why": ("适用理由", "Why it applies"),
    "not_applicable_points": ("不适用的要点", "Points not applicable"),
    "disposal_plan": ("数据处置方案", "Disposal plan"),
    "dataset": ("数据集", "Dataset"),
    "disposition": ("处置方式", "Disposition"),
    "method_col": ("方法", "Method"),
    "record": ("应取得的证明或记录", "Certificate or record to obtain"),
    "pi_found": ("所含个人信息", "Personal information held"),
    "dispose_delete": ("删除", "Delete"),
    "dispose_transfer": ("随转让移交", "Transfer"),
    "dispose_retain": ("保留", "Retain"),
    "dispose_return_delete": ("收回后删除", "Recover, then delete"),
    "scan_reused": (
        "{date} 的扫描结果，沿用（所有文件的 SHA-256 与扫描时一致）",
        "Scan of {date}, reused (every file's SHA-256 unchanged since)",
    ),
    "disposal_basis": (
        "处置依据（检查清单 {points} 所引条文及适用理由）",
        "Basis of the plan (the articles checklist {points} cites, and why they apply)",
    ),
    "no_legal_basis": (
        "本要点未引用法律条文：其控制项属良好实践或业务考量",
        "No article is cited for this point: its controls are good practice or business considerations",
    ),
    "scan_new": ("{date} 为本报告所作的扫描", "Scan of {date}, made for this report"),
    "dispose_keep_new_control": ("由公司继续持有", "Kept by the company"),
    "m_keep_new_control": (
        "公司仍是处理者：按新控制方重新设定访问权限；改变目的或方式前重新取得同意；提供给受让方或其他处理者前告知并取得单独同意",
        "The company stays the handler: access set again under the new control; fresh consent before any new "
        "purpose or means; notice and separate consent before the data goes to the buyer or another handler",
    ),
    "r_keep_new_control": (
        "控制权变更后的访问权限复核记录；如向他人提供，告知和单独同意记录",
        "Access review after the change of control; where data goes to others, the notices and separate consents",
    ),
    "m_delete": (
        "不可恢复删除（覆写或销毁介质），副本和备份一并删除",
        "Irrecoverable deletion (overwrite or destroy the media), copies and backups included",
    ),
    "m_transfer": (
        "按移交清单交接，告知个人接收方名称和联系方式，接收方按原处理目的使用",
        "Hand over against an inventory; tell the individuals the recipient's name and contact; the recipient keeps to the original purposes",
    ),
    "m_return_delete": (
        "从保管人处收回全部副本后不可恢复删除",
        "Recover every copy from its custodian, then delete irrecoverably",
    ),
    "m_retain": (
        "不含个人信息，按公司档案规定保管",
        "Holds no personal information: keep under the company's records rules",
    ),
    "r_delete": (
        "数据销毁证明（文件清单、SHA-256、方法、执行人、见证人、日期）",
        "Certificate of destruction (file list, SHA-256, method, who, witness, date)",
    ),
    "r_transfer": ("数据移交确认书及告知记录", "Signed handover record and the notices sent to individuals"),
    "r_retain": ("档案保管记录", "Records-keeping log"),
    "action_id": ("编号", "ID"),
    "due": ("截止日期", "Due date"),
    "due_inline": ("截止", "due"),
    "n_rows": ("{n} 行", "{n} rows"),
    "open": ("待处理", "Open"),
    "in_progress": ("处理中", "In progress"),
    "done": ("已完成", "Done"),
    "to_complete": ("待补充回答", "To complete"),
    "to_complete_text": (
        "以下控制项尚未回答，按“部分符合”计分；回答后得分和等级会更新。",
        "These controls are unanswered and scored as partially compliant; the score and level update once they are answered.",
    ),
    "no_actions": ("没有需要整改的事项。", "No remediation action is needed."),
    "limitations": ("局限与假设", "Limitations"),
    "lim_answers": (
        "控制项的回答来自客户访谈与所提供的证据，评估顾问未对其做独立审计。",
        "Answers come from interviews with the client and the evidence provided; the consultant did not audit them independently.",
    ),
    "lim_scan": (
        "扫描仅覆盖“范围”一节所列文件；范围外的系统和介质中可能存在其他个人信息。",
        "The scan covers only the files listed under Scope; systems and media outside it may hold more personal information.",
    ),
    "lim_date": (
        "结论反映评估基准日的情况；此后数据或控制的变化不在其内。",
        "The conclusions reflect the assessment date; later changes to the data or the controls are not covered.",
    ),
    "lim_legal": (
        "本报告不构成法律意见；法律条文以官方文本为准。",
        "This report is not legal advice; the official texts of the laws prevail.",
    ),
    "sign_off": ("签署", "Sign-off"),
    "role": ("角色", "Role"),
    "name": ("姓名", "Name"),
    "signature": ("签名", "Signature"),
    "client_acceptance": ("客户确认", "Client acceptance"),
    "appendix_controls": ("附录：全部控制项", "Appendix: every control"),
    "evidence_given": ("已提供证据", "Evidence given"),
    "risk_key": ("图例", "Key"),
    "title": ("名称", "Title"),
    "article_ref": ("第{n}条", "Art. {n}"),
    # -- the remediation plan (risk.model) ---------------------------------------------------
    "act_fix_control": ("整改「{title}」：完善控制项 {controls}", 'Remediate "{title}": fix control {controls}'),
    "act_fix_controls": ("整改「{title}」：完善控制项 {controls}", 'Remediate "{title}": fix controls {controls}'),
    "act_keep_evidence": ("，留存{evidence}", "; keep {evidence}"),
    "act_mask_column": (
        "对 {where} 列脱敏、加密或删除（{kinds} 个不同值）",
        "Mask, encrypt or delete {where} ({kinds} distinct values)",
    ),
    "why_mask_column": (
        "该列整列为可单独识别个人的号码，未脱敏",
        "the whole column holds identifying numbers, unmasked",
    ),
    "act_redact_text": (
        "清理 {where} 自由文本中的号码：删除或打码（{kinds} 处）",
        "Redact or delete the identifying numbers in the free text of {where} ({kinds} found)",
    ),
    "why_redact_text": ("自由文本中出现可单独识别个人的号码", "identifying numbers sit in free text"),
    # -- the notebook app (workbench.ui), shown as "中文 English" ----------------------------
    "ui_reload": ("重新载入", "Reload"),
    "ui_show": ("显示", "Show"),
    "ui_scan": ("扫描数据", "Scan"),
    "ui_scanning": ("扫描中…", "Scanning…"),
    "ui_paths": ("路径", "Paths"),
    "ui_paths_hint": ("文件或文件夹，每行一个", "Files or folders, one per line"),
    "ui_tab_checklist": ("检查清单", "Checklist"),
    "ui_tab_scan": ("数据扫描", "Scan"),
    "ui_tab_remediation": ("整改计划", "Remediation"),
    "ui_filter_all": ("全部要点", "All"),
    "ui_filter_unanswered": ("未回答", "Unanswered"),
    "ui_filter_non_compliant": ("不符合", "Non-compliant"),
    "ui_not_saved": ("未能保存", "Not saved: {path}: {problem}"),
    "ui_not_saved_folder": ("未能保存（无法写入文件夹）", "Not saved: cannot write {path}: {problem}"),
    "ui_cannot_reload": ("无法重新载入", "Cannot reload: {path}: {problem}"),
    "ui_reloaded": ("已重新载入，并保存了你未保存的 {n} 项修改", "Reloaded; your {n} unsaved change(s) are now saved"),
    "ui_not_found": ("找不到路径", "Not found: {path}: {problem}"),
    "ui_no_files_in_data": (
        "没有可扫描的文件：请把客户数据（CSV、Excel、Parquet、JSON）放进 data/ 文件夹后再扫描",
        "No files to scan: put the client's data (CSV, Excel, Parquet, JSON) in the data/ folder "
        "and scan again ({paths})",
    ),
    "ui_scanning_files": (
        "正在扫描 {n} 个文件（{mb} MB），首次需加载识别模型",
        "Scanning {n} file(s), {mb} MB; the first scan also loads the recognizers",
    ),
    "ui_someone": ("另一位用户", "someone else"),
    "ui_conflict": (
        "未保存！{who} 于 {at} 修改了评估文件，你的 {n} 项修改未保存。点击“重新载入”载入对方的修改并保存你的修改",
        "Not saved! {who} changed {file} at {at}; {n} change(s) of yours are not saved. "
        "Click Reload to take their changes and save yours",
    ),
    "ui_nothing_answered": ("尚未回答", "nothing answered yet"),
    "ui_provisional": ("暂定", "provisional"),
    "ui_not_scanned": ("未扫描", "not scanned"),
    "ui_scan_stale": ("，之后文件已变更，请重新扫描", "files changed since, scan again"),
    "ui_score": ("合规得分", "Score"),
    "ui_level": ("风险等级", "Level"),
    "ui_answered": ("已回答", "Answered"),
    "ui_last_scan": ("上次扫描", "Last scan"),
    "ui_due": ("截止", "Due"),
    "ui_status": ("状态", "Status"),
    "ui_actions_count": ("共 {n} 项整改行动：", "{n} action(s): "),
    "ui_statuses_saved": (
        "状态随评估文件保存，报告中同样显示",
        "Statuses are saved with the assessment and shown in the report",
    ),
    "ui_no_points": ("没有符合条件的要点", "No points match"),
    "ui_non_compliant": ("不符合", "non-compliant"),
    "ui_clear": ("清除", "Clear"),
    "ui_clear_hint": ("清除这个回答", "Clear this answer"),
    "ui_note": ("备注", "Note"),
    "ui_evidence_files": ("证据文件", "Evidence files"),
    "ui_kept_scan_unreadable": (
        "上次的扫描结果无法读取，请重新扫描",
        "The kept scan cannot be used: {path}: {problem}",
    ),
    "ui_scan_reused": ("沿用 {when} 的扫描结果（文件未变更）", "Scan of {when} reused (files unchanged)"),
    "ui_scan_out_of_date": (
        "{when} 的扫描结果已过期：之后文件有变更（{changed}），未计入得分，请重新扫描",
        "The scan of {when} is out of date: files changed since ({changed}); "
        "it does not count in the score, scan again",
    ),
    "ui_skipped": ("已跳过（无法读取）{file}", "Skipped, unreadable: {file}: {problem}"),
    "ui_warning": ("注意 {file}", "Warning: {file}: {problem}"),
    "ui_no_files": (
        "没有可扫描的文件：请把客户数据放进 data/ 文件夹",
        "No files to scan: put the client's data in the data/ folder",
    ),
    "ui_masked": ("已脱敏", "masked"),
    "ui_entity_kind": ("类型", "Entity"),
    "ui_rows": ("行", "Rows"),
    "ui_subjects": ("主体", "Subjects"),
    "ui_examples": ("示例", "Examples"),
    "ui_rows_word": ("行", "rows"),
    "ui_about_subjects": ("约 {n} 个信息主体", "data subjects"),
    "ui_minors": ("未成年人", "minors <14"),
    "ui_cannot_open": (
        "无法打开 {path}：文件有误，请修正或从备份恢复后重新运行此单元格",
        "Cannot open {path}: {problem}. Fix the file (or restore it from a backup) and run this cell again",
    ),
    "ui_company_name": ("公司名称", "Name"),
    "ui_consultant": ("顾问", "Consultant"),
    "ui_create": ("创建", "Create"),
    "ui_new_company": ("新建公司", "New company"),
    "ui_enter_name": ("请填写公司名称", "Please enter a name"),
    "ui_cannot_create": ("无法创建", "Cannot create: {path}: {problem}"),
    "ui_no_company_yaml": ("此文件夹还没有 company.yaml：{folder}", "No company.yaml in this folder yet: {folder}"),
    "ui_folder_not_found": (
        "找不到文件夹 {folder}。如果是路径输错了，请修改 company_dir 后重新运行；否则填写下表新建公司",
        "Folder not found: {folder}. If the path is mistyped, fix company_dir and run the cell "
        "again; otherwise fill in the form to create the company",
    ),
    # -- the command line, shown as "English / 中文" --------------------------------------------
    "cli_db_password": ("数据库密码", "password for {url}"),
    "cli_identity_copies": ("身份证件复印件", "identity document copies"),
    "cli_resident_id_card": ("居民身份证", "resident-ID card"),
    "why_failing": ("{n} 项控制未完全达标", "{controls} not fully met"),
    "why_unanswered": ("{n} 项尚未回答（按部分符合计）", "{controls} unanswered (counted as partial)"),
    "why_not_applicable": ("全部控制项不适用，不计入得分", "not applicable: excluded from the score"),
    "why_in_place": ("控制措施已落实", "controls in place"),
    # -- portfolio lists and written files (report.batch, atomic), shown as "English / 中文" -------
    "batch_no_company_folders": (
        "其中没有公司文件夹（含 company.yaml 的文件夹）",
        "no company folders (with company.yaml) inside",
    ),
    "batch_already_running": (
        "另一个批处理（进程 {pid}，{started} 开始）正在向该文件夹输出：请等待其结束；若该进程并非批处理，删除 {marker} 后重试",
        "another batch (process {pid}, started {started}) is writing into this folder: wait "
        "for it to end; if that process is no batch, delete {marker} and run again",
    ),
    "batch_no_portfolio": ("找不到该组合文件或文件夹", "no such portfolio file or folder"),
    "batch_portfolio_kind": ("组合应为文件夹、.yaml 或 .csv 文件", "a portfolio is a folder, a .yaml or a .csv file"),
    "batch_companies_not_a_list": (
        "'companies' 应为公司文件夹路径的列表",
        "'companies' must be a list of company folders (paths)",
    ),
    "batch_companies_empty": ("公司列表为空", "the list of companies is empty"),
    "batch_list_too_large": ("文件超过 {max_kb} KiB", "file larger than {max_kb} KiB (raise $WORKBENCH_MAX_YAML_KB)"),
    "batch_no_company_dir_column": ("缺少 company_dir 列", "no 'company_dir' column"),
    "batch_list_unreadable": ("无法读取公司列表", "cannot read the list of companies ({problem})"),
    "report_dataset_unreadable": ("数据集 {path} 无法读取", "dataset {path} cannot be read ({problem})"),
    "write_disk_full": ("写入时磁盘已满", "disk full while writing {path}"),
    "write_disk_full_problem": ("磁盘已满", "disk full"),
    "write_failed": ("无法写入", "cannot write ({problem})"),
    # -- the portfolio page (index.html) ---------------------------------------------------
    "portfolio_portfolio": ("评估组合", "Portfolio"),
    "portfolio_company": ("公司", "Company"),
    "portfolio_all": ("全部", "All"),
    "portfolio_filter": ("按等级筛选", "Filter by level"),
    "portfolio_unfinished": (
        "批处理于 {when} 开始，尚未完成（仍在运行或已被中断）：下表是上一次完整运行的结果，"
        "本文件夹中的部分单份报告可能更新，也可能不完整。",
        "A batch started at {when} has not finished (still running, or interrupted): "
        "the table is the previous complete run's; some single reports in this folder "
        "may be newer, or missing.",
    ),
    "portfolio_report": ("报告", "Report"),
    "portfolio_error": ("错误", "Error"),
    "portfolio_failed": ("失败", "Failed"),
    "portfolio_ok": ("完成", "Done"),
    "portfolio_skipped": ("未变化", "Unchanged"),
    "portfolio_scores": ("各公司合规得分", "Compliance score by company"),
    "portfolio_sort_hint": ("点击表头排序", "Click a column header to sort"),
}

CATEGORIES = {
    "deletion": ("删除与销毁", "Deletion and destruction"),
    "transfer": ("转移与交接", "Transfer and handover"),
    "security": ("安全措施", "Security measures"),
    "inventory": ("分类与清点", "Inventory and classification"),
    "records": ("记录与存档", "Records and archives"),
    "risk_assessment": ("风险评估", "Risk assessment"),
    "incident": ("应急响应", "Incident response"),
    "cross_border": ("跨境与国际", "Cross-border"),
    "governance": ("合规治理", "Governance"),
    "lawful_basis": ("合法性基础", "Lawful basis"),
    "data_subject_rights": ("个人权利", "Individuals' rights"),
    "transparency": ("公开透明", "Transparency"),
    "principles": ("处理原则", "Principles"),
    "process": ("流程与协作", "Process"),
    "business": ("经营管理", "Business"),
}


#: what the opinion is about, per scenario
SCENARIO_WHAT = {
    "deregistration": ("公司注销", "deregistration"),
    "account_transfer": ("公司股权或业务转让", "transfer of ownership or business"),
    "post_deregistration": ("注销后的数据处置", "post-deregistration disposal of the data"),
    "joint_stock_deregistration": ("公司解散注销", "dissolution and deregistration"),
}


LANGUAGES = ("zh", "en")


def pick(zh: str, en: str, lang: str = "zh") -> str:
    """The wording for ``lang`` of a pair; the one place the language is chosen."""
    return zh if lang == "zh" else en


def translated(original: Any, english: Any, lang: str = "zh") -> Any:
    """Client-written text (a note, a name, a distribution list) in ``lang``: its English
    version on an English page when the client gave one, the original otherwise."""
    return english if lang == "en" and english else original


def field(item: Any, name: str, lang: str = "zh") -> Any:
    """``item.<name>_zh`` or ``item.<name>_en`` (an object or a mapping): data that carries
    its own two wordings, such as a checklist point's title or a citation's law."""
    if isinstance(item, Mapping):
        return pick(item[f"{name}_zh"], item[f"{name}_en"], lang)
    return pick(getattr(item, f"{name}_zh"), getattr(item, f"{name}_en"), lang)


def scenario_what(scenario: str, lang: str = "zh") -> str:
    return pick(*SCENARIO_WHAT.get(scenario, ("处置", "disposal")), lang)


def category(key: str, lang: str = "zh") -> str:
    return pick(*CATEGORIES.get(key, (key, key)), lang)


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The wording of ``key`` in ``lang``, with ``{name}`` fields filled from ``kwargs``."""
    return pick(*TEXT[key], lang).format(**kwargs)


def both(key: str, **kwargs) -> str:
    """Chinese and English side by side ("扫描数据 Scan"), as the notebook app shows them."""
    return f"{t(key, 'zh', **kwargs)} {t(key, 'en', **kwargs)}"


def both_fields(item: Any, name: str, joiner: str = " · ") -> str:
    """Data's two wordings side by side (a checklist title: "注销 … · Deregistration …")."""
    return f"{field(item, name, 'zh')}{joiner}{field(item, name, 'en')}"


def both_en_first(key: str, **kwargs) -> str:
    """English, then Chinese ("identity document copies / 身份证件复印件"): terminal output."""
    return f"{t(key, 'en', **kwargs)} / {t(key, 'zh', **kwargs)}"


def sep(lang: str = "zh") -> str:
    """The separator of a list in running text: 、 in Chinese, a comma in English."""
    return pick("、", ", ", lang)


#: place names inside documents (``workbench.io.documents.location``), stable ids in English
_PARTS = (
    (re.compile(r"page (\d+)"), ("第 {0} 页", "page {0}")),
    (re.compile(r"table (\d+)"), ("表格 {0}", "table {0}")),
    (re.compile(r"image (\d+)"), ("图片 {0}", "image {0}")),
    (re.compile(r"attachment (.+)", re.S), ("附件 {0}", "attachment {0}")),
    (re.compile(r"headers"), ("邮件头", "headers")),
    (re.compile(r"body"), ("正文", "body")),
    (re.compile(r"text"), ("文本", "text")),
)


def part_label(part: str, lang: str = "zh") -> str:
    """A document place id ("attachment 合同.docx / table 1", "page 2", "text") in ``lang``;
    the id itself stays as stored (findings and warnings keep it), only its display changes.
    Anything that is not a place id is returned as it is.

    >>> part_label("attachment 合同.docx / table 1")
    '附件 合同.docx / 表格 1'
    >>> part_label("page 2", "en")
    'page 2'
    """
    shown = []
    for segment in part.split(" / "):
        for pattern, wording in _PARTS:
            found = pattern.fullmatch(segment)
            if found:
                segment = pick(*wording, lang).format(*found.groups())
                break
        shown.append(segment)
    return " / ".join(shown)
