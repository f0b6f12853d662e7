"""Documents as scan sources: Word, PDF, e-mail, images through OCR (generated, with truth)."""

from __future__ import annotations

import doctest
import io
import json
import sys
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.io import ReadError, discover, iter_tables
from workbench.io import documents
from workbench.pii import ScanResult, scan_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import document_factory as factory  # noqa: E402


def scan(folder, **kwargs) -> tuple[ScanResult, list[dict]]:
    spans: list[dict] = []
    result = scan_paths([folder], on_span=spans.append, **kwargs)
    return result, spans


@pytest.fixture(scope="module")
def crowd():
    return factory.people(11, 8)


def test_identity_document_rule_doctests():
    assert doctest.testmod(documents).failed == 0


def test_word_paragraphs_and_header_table(tmp_path, crowd):
    data, truth = factory.contract_docx(crowd[:5])
    (tmp_path / "合同.docx").write_bytes(data)
    tables = []
    for table in iter_tables(tmp_path / "合同.docx"):  # Word tables come once the text is read
        tables.append((table, list(table.chunks())))
    (text, _), (grid, grid_chunks) = tables
    assert len(grid_chunks[0]) == 3
    assert text.columns == ["text"] and grid.sheet == "table 1" and grid.columns == ["姓名", "身份证号", "手机"]
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert info.document.kind == "docx" and info.error is None
    ids = [s for s in spans if s["entity"] == "CN_RESIDENT_ID"]
    # one ID in the paragraphs (part body), three in the table's ID column
    assert sorted((s["part"], s["column"]) for s in ids) == [("body", "text")] + [("table 1", "身份证号")] * 3
    body = next(s for s in ids if s["part"] == "body")
    line = next(x for x in truth.pages[0].splitlines() if crowd[0].resident_id in x)
    assert line[body["start"] : body["end"]] == crowd[0].resident_id
    column = next(c for c in result.columns if c.sheet == "table 1" and c.column == "手机")
    assert column.entity == "CN_MOBILE_PHONE"
    assert info.document.findings["table 1"]["CN_RESIDENT_ID"] == 3


def test_text_pdf_pages_and_positions(tmp_path, crowd):
    pages = [[f"客户 {p.name} 手机 {p.mobile} 身份证 {p.resident_id}" for p in crowd[i : i + 2]] for i in (0, 2, 4)]
    (tmp_path / "名单.pdf").write_bytes(factory.text_pdf(pages))
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert (info.document.kind, info.document.pages, info.document.ocr_pages) == ("pdf", 3, 0)
    ids = [s for s in spans if s["entity"] == "CN_RESIDENT_ID"]
    assert [(s["page"], s["line"]) for s in ids] == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1)]
    assert sorted(info.document.findings) == ["page 1", "page 2", "page 3"]
    assert all(info.document.findings[p]["CN_MOBILE_PHONE"] == 2 for p in info.document.findings)


def test_email_headers_body_and_attachment(tmp_path, crowd):
    contract, truth = factory.contract_docx(crowd[:5])
    mail = factory.mail_with_attachment(
        crowd[6], "合同.docx", contract, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    (tmp_path / "来信.eml").write_bytes(mail)
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert info.document.kind == "email"
    parts = {s["part"] for s in spans}
    assert {"headers", "body", "attachment 合同.docx", "attachment 合同.docx / table 1"} <= parts
    assert {s["entity"] for s in spans if s["part"] == "headers"} >= {"EMAIL_ADDRESS", "PERSON"}
    assert [s["entity"] for s in spans if s["part"] == "body" and s["entity"] == "CN_MOBILE_PHONE"]
    attached_ids = [s for s in spans if s["entity"] == "CN_RESIDENT_ID"]
    assert len(attached_ids) == len(truth.resident_ids)


def test_broken_encrypted_and_unsupported_documents_are_named_and_the_scan_goes_on(tmp_path, crowd, capsys):
    (tmp_path / "损坏.docx").write_bytes(b"PK\x03\x04 not a whole archive")
    (tmp_path / "加密.pdf").write_bytes(factory.text_pdf([["机密 文件 内容 十个字以上"]], password="pw"))
    (tmp_path / "截断.pdf").write_bytes(factory.text_pdf([["一二三四五六七八九十"]])[:300])
    (tmp_path / "坏图.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (tmp_path / "邮件.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp_path / "名单.pdf").write_bytes(factory.text_pdf([[f"联系人 {crowd[0].name} 手机 {crowd[0].mobile}"]]))
    code = main(["scan", str(tmp_path), "-q"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    for name, problem in [
        ("损坏.docx", "not a readable Word .docx"),
        ("加密.pdf", "password-protected"),
        ("截断.pdf", "not a readable PDF"),
        ("坏图.png", "not a readable image"),
        ("邮件.msg", "save the message as .eml"),
    ]:
        assert any(name in line and problem in line for line in err.splitlines()), (name, err)
    result, spans = scan(tmp_path)
    assert [f.name for f in result.files if not f.error] == ["名单.pdf"]
    # the unreadable ones still count as documents of their kind (inventory)
    assert sorted((f.name, f.document.kind) for f in result.documents if f.error) == [
        ("加密.pdf", "pdf"),
        ("坏图.png", "image"),
        ("截断.pdf", "pdf"),
        ("损坏.docx", "docx"),
        ("邮件.msg", "email"),
    ]
    assert {s["entity"] for s in spans} >= {"CN_MOBILE_PHONE"}


def test_broken_attachment_is_a_warning_not_a_failure(tmp_path, crowd):
    mail = factory.mail_with_attachment(crowd[1], "坏.docx", b"PK\x03\x04 broken", "application/octet-stream")
    (tmp_path / "信.eml").write_bytes(mail)
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert info.error is None
    assert any("attachment 坏.docx" in w and "not a readable Word" in w for w in info.warnings)
    assert any(s["part"] == "body" and s["entity"] == "CN_MOBILE_PHONE" for s in spans)


def test_huge_documents_and_page_limits(tmp_path, crowd, monkeypatch):
    pdf = factory.text_pdf([[f"手机 {p.mobile} 身份证 {p.resident_id}"] for p in crowd[:3]])
    (tmp_path / "a.pdf").write_bytes(pdf)
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", len(pdf) - 1)
    with pytest.raises(ReadError, match="too large"):
        list(iter_tables(tmp_path / "a.pdf"))
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1 << 30)
    monkeypatch.setattr(documents, "MAX_PAGES", 2)
    result, spans = scan(tmp_path)
    assert {s["page"] for s in spans} == {1, 2}
    assert any("3 pages: only the first 2" in w for w in result.files[0].warnings)
    monkeypatch.setattr(documents, "MAX_PIXELS", 100 * 100)
    factory.form_image(crowd[0], 1).save(tmp_path / "big.png")
    with pytest.raises(ReadError, match="too large to read by OCR"):
        list(list(t.chunks()) for t in iter_tables(tmp_path / "big.png"))


@pytest.mark.slow
def test_multi_page_tiff_pages_each_go_through_ocr(tmp_path):
    from PIL import Image

    frames = [Image.new("L", (320, 240), 255) for _ in range(3)]  # blank fax pages: quick to read
    frames[0].save(tmp_path / "fax.tif", save_all=True, append_images=frames[1:])
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert info.error is None and (info.document.kind, info.document.pages, info.document.ocr_pages) == ("image", 3, 3)
    assert spans == [] and info.document.identity_pages == []


def test_discover_includes_documents(tmp_path):
    for name in ("a.docx", "b.pdf", "c.eml", "d.JPG", "e.tif", "f.pptx"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover([tmp_path])] == ["a.docx", "b.pdf", "c.eml", "d.JPG", "e.tif"]


def test_scan_result_round_trips_document_facts(tmp_path, crowd):
    data, _ = factory.contract_docx(crowd[:4])
    (tmp_path / "c.docx").write_bytes(data)
    result, _ = scan(tmp_path)
    result.save(tmp_path / "scan.json")
    again = ScanResult.load(tmp_path / "scan.json")
    assert again.files[0].document == result.files[0].document and again.documents


# -- OCR: images and scanned PDFs (seconds each: slow) ---------------------------------


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    truths = factory.make_documents(folder, seed=5, n_cards=3, n_forms=3)
    out = tmp_path_factory.mktemp("out")
    # through the command, as a consultant runs it: the outputs are the artifacts checked below
    code = main(
        [
            "scan",
            str(folder),
            "-q",
            "--spans-out",
            str(out / "s.jsonl"),
            "--columns-out",
            str(out / "c.jsonl"),
            "--json-out",
            str(out / "scan.json"),
        ]
    )
    assert code == 1  # the broken and encrypted documents
    spans = [json.loads(line) for line in (out / "s.jsonl").read_text("utf-8").splitlines()]
    return out, truths, ScanResult.load(out / "scan.json"), spans


@pytest.mark.slow
def test_images_are_read_by_ocr_and_id_cards_recognised(scanned):
    _, truths, result, spans = scanned
    by_name = {f.name: f for f in result.files}
    for name, truth in truths.items():
        if truth.kind not in ("image", "pdf-scan"):
            continue
        info = by_name[name]
        assert info.error is None and info.document.ocr_pages >= 1, name
        assert bool(info.document.identity_pages) == truth.identity_document, (name, truth.variant)
        found = [s for s in spans if s["file"] == name]
        # every ID and phone on the page is found, also on turned and noisy scans
        assert sum(s["entity"] == "CN_RESIDENT_ID" for s in found) == len(truth.resident_ids), (name, truth.variant)
        assert sum(s["entity"] == "CN_MOBILE_PHONE" for s in found) >= len(truth.mobiles), (name, truth.variant)
        assert all(s["page"] >= 1 and len(s["box"]) == 4 for s in found)
    assert by_name["扫描件.pdf"].document.identity_pages == ["page 2"]
    assert result.identity_documents == 3 + 1


@pytest.mark.slow
def test_pictures_in_word_documents_are_read(tmp_path, crowd):
    data, truth = factory.contract_docx(crowd[:4], id_card=True)
    (tmp_path / "合同附身份证.docx").write_bytes(data)
    result, spans = scan(tmp_path)
    (info,) = result.files
    assert info.document.identity_pages == ["image 1"] and info.document.ocr_pages == 1
    picture = [s for s in spans if s["part"] == "image 1"]
    assert {"CN_RESIDENT_ID", "PERSON"} <= {s["entity"] for s in picture} and all(s["box"] for s in picture)
    assert info.document.findings["image 1"]["CN_RESIDENT_ID"] == 1


@pytest.mark.slow
def test_pictures_on_text_pdf_pages_are_read(tmp_path, crowd):
    pages = [["借款合同 第一页 甲乙双方约定如下"], ["附件：身份证复印件 见下图"]]
    (tmp_path / "合同.pdf").write_bytes(factory.text_pdf(pages, picture=factory.id_card_image(crowd[5])))
    result, spans = scan(tmp_path)
    facts = result.files[0].document
    assert (facts.pages, facts.ocr_pages, facts.identity_pages) == (2, 1, ["image 1 / page 2"])
    assert [(s["page"], s["part"]) for s in spans if s["entity"] == "CN_RESIDENT_ID"] == [(2, "image 1")]


@pytest.mark.slow
def test_turned_pages_read_in_order(crowd):
    from workbench.io.ocr import ocr_engine

    card = factory.id_card_image(crowd[2])
    for turn in (90, 270):  # upside down: the sample folder's "rotated 180" pages
        page = ocr_engine().read(card.rotate(turn, expand=True))
        assert page.rotation == (360 - turn) % 360
        assert page.lines[0].text.replace(" ", "").startswith("姓名")
        assert crowd[2].resident_id in page.lines[-1].text.replace(" ", "")


@pytest.mark.slow
def test_no_raw_value_in_any_artifact(scanned):
    out, truths, result, _ = scanned
    written = "".join((out / name).read_text("utf-8") for name in ("s.jsonl", "c.jsonl", "scan.json"))
    values = {v for t in truths.values() for v in t.resident_ids + t.mobiles + t.names}
    assert values and not [v for v in values if v in written]
    examples = [e for c in result.columns for info in c.entities.values() for e in info.examples]
    assert examples and all("*" in e for e in examples)


@pytest.mark.slow
def test_image_crop_is_never_written(tmp_path, crowd):
    """The scan writes nothing but its outputs: no image, page render or crop lands on disk."""
    image = factory.id_card_image(crowd[3])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "card.png").write_bytes(buffer.getvalue())
    before = {p for p in tmp_path.rglob("*")}
    main(["scan", str(tmp_path / "in"), "-q", "--json-out", str(tmp_path / "scan.json")])
    assert {p for p in tmp_path.rglob("*")} - before == {tmp_path / "scan.json"}
