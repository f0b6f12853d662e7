"""One catalogue for both languages: every wording the code asks for exists in both, data
pairs are read through one helper, and document place ids are translated for display only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workbench
from workbench import i18n
from workbench.risk.rules import Exposure

PACKAGE = Path(workbench.__file__).parent


def test_every_entry_has_both_wordings_and_formats_in_both():
    for table in (i18n.TEXT, i18n.CATEGORIES, i18n.SCENARIO_WHAT):
        for key, pair in table.items():
            assert isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(w, str) and w for w in pair), key
    for key, pair in i18n.TEXT.items():
        # a wording may leave out a field the other has ("1 point", the parser's own words in English)
        fields = {name: "x" for wording in pair for name in re.findall(r"\{(\w+)\}", wording)}
        for lang in i18n.LANGUAGES:
            assert "{" not in i18n.t(key, lang, **fields), key


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        asked |= set(re.findall(r"""\b(?:t|both|both_en_first|_say)\(\s*["']([a-z_]+)["']""", text))
    missing = sorted(k for k in asked if k not in i18n.TEXT)
    assert not missing and len(asked) > 100


def test_no_language_branches_or_bilingual_literals_outside_the_catalogue():
    branches = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if re.search(r"""lang\s*==\s*["']zh["']""", p.read_text("utf-8"))
    ]
    assert branches == ["i18n.py"]
    cjk = re.compile("[\u4e00-\u9fff]")
    for module in ("ui/app.py", "cli.py", "report/batch.py", "atomic.py"):  # their wording is all in the catalogue
        lines = [line for line in (PACKAGE / module).read_text("utf-8").splitlines() if cjk.search(line.split("#")[0])]
        assert not lines, (module, lines)


def test_batch_and_write_errors_name_the_file_in_english_and_chinese(tmp_path):
    from workbench.atomic import WriteError, write_file
    from workbench.report import ReportError
    from workbench.report.batch import portfolio_companies

    cases = (
        (tmp_path / "missing", "no such portfolio file or folder / 找不到该组合文件或文件夹"),
        (tmp_path, "no company folders (with company.yaml) inside / 其中没有公司文件夹"),
        (tmp_path / "p.txt", "a portfolio is a folder, a .yaml or a .csv file / 组合应为文件夹、.yaml 或 .csv 文件"),
        (tmp_path / "p.csv", "no 'company_dir' column / 缺少 company_dir 列"),
    )
    (tmp_path / "p.txt").write_text("a\n", "utf-8")
    (tmp_path / "p.csv").write_text("公司\n甲\n", "utf-8")
    for portfolio, message in cases:
        with pytest.raises(ReportError) as err:
            portfolio_companies(portfolio)
        assert str(err.value).startswith(f"{portfolio}: {message}")
    target = tmp_path / "no such folder" / "summary.json"
    with pytest.raises(WriteError) as err:
        write_file(target, "{}")
    assert str(err.value) == f"{target}: cannot write (No such file or directory) / 无法写入"
    assert err.value.path == target and err.value.problem.endswith(" / 无法写入")


@pytest.mark.parametrize(
    "part, zh, en",
    [
        ("text", "文本", "text"),
        ("page 2", "第 2 页", "page 2"),
        ("table 1", "表格 1", "table 1"),
        ("attachment 合同.docx / table 1", "附件 合同.docx / 表格 1", "attachment 合同.docx / table 1"),
        ("attachment 身份证.jpg / page 1", "附件 身份证.jpg / 第 1 页", "attachment 身份证.jpg / page 1"),
        ("headers", "邮件头", "headers"),
        ("body", "正文", "body"),
        ("image 3", "图片 3", "image 3"),
        ("客户", "客户", "客户"),
    ],
)
def test_document_places_are_translated_for_display(part, zh, en):
    assert i18n.part_label(part, "zh") == zh and i18n.part_label(part, "en") == en


def test_exposure_in_a_document_is_named_in_the_readers_language_but_keeps_its_id():
    doc = Exposure(
        "退款申请.eml",
        "attachment 合同.docx / table 1",
        "手机",
        "column",
        (("CN_MOBILE_PHONE", 2),),
        2,
        False,
        document=True,
    )
    table = Exposure("客户.csv", None, "text", "free_text", (("CN_MOBILE_PHONE", 2),), 2, False)
    assert doc.where("zh") == "退款申请.eml / 附件 合同.docx / 表格 1 / 手机"
    assert doc.where("en") == "退款申请.eml / attachment 合同.docx / table 1 / 手机"
    assert table.where("zh") == "客户.csv / text"  # a table's column called "text" is not a place
    assert doc.sheet == "attachment 合同.docx / table 1"


@pytest.mark.slow
def test_chinese_report_names_document_parts_in_chinese(samples):
    from workbench.report.context import build_context
    from workbench.report.sections import actions, inventory

    ctx = build_context(samples / "huakang_home_services", lang="zh")
    texts = [a.text for a in actions(ctx)]
    assert any("/ 文本 自由文本中的号码" in t for t in texts)
    assert not any(re.search(r"/ (text|table \d+|attachment )", t) for t in texts)
    assert "表格 1" in inventory(ctx) and "<td>text</td>" not in inventory(ctx)
    assert any("/ text" in a.text for a in ctx.risk.actions("en"))
