"""Synthetic test documents with their truth: Word, PDF (with and without a text layer),
e-mail with an attachment, and images of a resident-ID card and of a paper form rendered
with a CJK font (some rotated, some noisy), as a consultant finds them in a client's files.

Everything is made here from a seed (Faker's zh_CN people, valid check digits), so tests,
the benchmark and ``scripts/generate_samples.py`` share one generator and nothing is
downloaded.  ``make_documents(folder, seed)`` writes a mixed folder and returns its truth:
per file, the texts drawn on each page and the identifiers planted in it.
"""

from __future__ import annotations

import datetime
import email.policy
import io
import random
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from faker import Faker
from PIL import Image, ImageDraw, ImageFilter, ImageFont

#: Debian's fonts-wqy-microhei (scripts/system-deps.sh installs it)
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass
class Person:
    name: str
    sex: str
    ethnicity: str
    birth: str  # YYYYMMDD
    address: str
    resident_id: str
    mobile: str
    email: str


@dataclass
class Truth:
    """What a file holds: its text per page, and the identifiers in it."""

    file: str
    kind: str
    pages: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    resident_ids: list[str] = field(default_factory=list)
    mobiles: list[str] = field(default_factory=list)
    identity_document: bool = False
    #: images only: how the picture was spoiled ("", "rotated 90", "noisy", ...)
    variant: str = ""


def people(seed: int, n: int) -> list[Person]:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    out = []
    for _ in range(n):
        rid = fake.ssn(min_age=18, max_age=80)
        out.append(
            Person(
                name=fake.name(),
                sex="男" if int(rid[16]) % 2 else "女",
                ethnicity="汉",
                birth=rid[6:14],
                address=fake.address().rsplit(" ", 1)[0],
                resident_id=rid,
                mobile=fake.phone_number(),
                email=fake.email(),
            )
        )
    return out


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(CJK_FONT), size)


# -- images -------------------------------------------------------------------------


def id_card_lines(p: Person) -> list[str]:
    """The text of a resident-ID card's front, line by line (address wrapped at 11)."""
    y, m, d = p.birth[:4], int(p.birth[4:6]), int(p.birth[6:8])
    address = [p.address[i : i + 11] for i in range(0, len(p.address), 11)]
    return (
        [f"姓名 {p.name}", f"性别 {p.sex}   民族 {p.ethnicity}", f"出生 {y} 年 {m} 月 {d} 日", f"住址 {address[0]}"]
        + [f"     {a}" for a in address[1:]]
        + [f"公民身份号码 {p.resident_id}"]
    )


def id_card_image(p: Person) -> Image.Image:
    """A photocopy-like front of a resident-ID card (85.6 x 54 mm at 300 dpi)."""
    image = Image.new("RGB", (1011, 638), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 1006, 633), radius=30, outline=(150, 150, 150), width=3)
    draw.rectangle((700, 110, 960, 430), fill=(205, 210, 215))  # the photo's place
    lines, font, y = id_card_lines(p), _font(34), 60
    for line in lines[:-1]:
        draw.text((60, y), line, fill=(20, 20, 20), font=font)
        y += 70
    draw.text((60, 540), lines[-1], fill=(20, 20, 20), font=_font(38))
    return image


def form_lines(p: Person, serial: int) -> list[str]:
    return [
        f"客户登记表  编号 KH{serial:06d}",
        f"客户姓名：{p.name}",
        f"手机号码：{p.mobile}",
        f"身份证号：{p.resident_id}",
        f"联系地址：{p.address}",
        f"电子邮箱：{p.email}",
        "本人同意公司为履行服务合同处理上述个人信息。",
        "签字：__________  日期：2024 年 5 月 8 日",
    ]


def form_image(p: Person, serial: int) -> Image.Image:
    """A filled-in A5 customer form, scanned at 150 dpi."""
    image = Image.new("RGB", (1240, 874), "white")
    draw = ImageDraw.Draw(image)
    font, y = _font(30), 50
    for index, line in enumerate(form_lines(p, serial)):
        draw.text((70, y), line, fill="black", font=_font(40) if index == 0 else font)
        y += 95 if index == 0 else 80
    return image


def spoil(image: Image.Image, variant: str, rnd: random.Random) -> Image.Image:
    """Rotate, skew or add scanner noise (speckles, blur) to a rendered page."""
    if variant.startswith("rotated "):
        return image.rotate(int(variant.split()[1]), expand=True, fillcolor="white")
    if variant == "skewed":
        return image.rotate(3, expand=True, fillcolor="white", resample=Image.BICUBIC)
    if variant == "noisy":
        gray = image.convert("L")
        pixels = gray.load()
        for _ in range(gray.width * gray.height // 40):
            x, y = rnd.randrange(gray.width), rnd.randrange(gray.height)
            pixels[x, y] = rnd.choice((0, 255))
        return gray.filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
    return image


# -- Word, PDF, e-mail ----------------------------------------------------------------


def contract_docx(parties: list[Person], id_card: bool = False) -> tuple[bytes, Truth]:
    """A service contract: the parties in paragraphs, a signatory table with a header row
    and, with ``id_card``, a copy of the first party's ID card pasted in as a picture."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    a, b = parties[0], parties[1]
    paragraphs = [
        "家政服务合同",
        f"甲方（客户）：{a.name}，身份证号：{a.resident_id}，联系电话：{a.mobile}",
        f"乙方（服务人员）：{b.name}，手机 {b.mobile}",
        f"服务地址：{a.address}",
        "双方按照《民法典》的约定订立本合同。",
    ]
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("姓名", "身份证号", "手机")):
        cell.text = text
    for p in parties[2:]:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = p.name, p.resident_id, p.mobile
    if id_card:
        picture = io.BytesIO()
        id_card_image(a).save(picture, "PNG")
        document.add_paragraph("附件：甲方身份证复印件")
        document.add_picture(picture, width=Cm(8.5))
    buffer = io.BytesIO()
    document.save(buffer)
    lines = (
        paragraphs
        + ["附件：甲方身份证复印件"] * id_card
        + ["姓名 身份证号 手机"]
        + [f"{p.name} {p.resident_id} {p.mobile}" for p in parties[2:]]
    )
    return _fixed_zip(buffer.getvalue()), Truth(
        "",
        "docx",
        ["\n".join(lines)],
        [p.name for p in parties],
        [a.resident_id] + [p.resident_id for p in parties[2:]],
        [p.mobile for p in parties],
        identity_document=id_card,
    )


#: files made here carry this date, not today's, so regenerated samples are byte-identical
FIXED_DATE = datetime.datetime(2024, 5, 8, 9, 0, tzinfo=datetime.timezone.utc)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ``FIXED_DATE`` (zip entries carry the time written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                zipfile.ZipInfo(item.filename, FIXED_DATE.timetuple()[:6]),
                source.read(item),
                compress_type=zipfile.ZIP_DEFLATED,
            )  # a ZipInfo alone means stored
    return out.getvalue()


def text_pdf(pages: list[list[str]], password: str | None = None, picture: Image.Image | None = None) -> bytes:
    """A PDF with a real text layer (fpdf2, the CJK font embedded); ``picture`` is placed
    on the last page (an ID-card copy in a contract exported as PDF)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("wqy", fname=str(CJK_FONT))
    pdf.set_font("wqy", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    if picture is not None:
        pdf.image(picture, w=86)
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    return bytes(pdf.output())


def image_pdf(images: list[Image.Image]) -> bytes:
    """A scanned PDF: pages that are pictures only, without a text layer."""
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        resolution=150,
        save_all=True,
        append_images=images[1:],
        creationDate=FIXED_DATE.timetuple(),
        modDate=FIXED_DATE.timetuple(),
    )
    return buffer.getvalue()


def mail_with_attachment(sender: Person, attachment_name: str, attachment: bytes, subtype: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"{sender.name} <{sender.email}>"
    message["To"] = "service@example.com"
    message["Subject"] = "办理退款的身份证明材料"
    message.set_content(f"您好，我是{sender.name}，手机{sender.mobile}，附件是签好的合同，请查收。")
    maintype, _, sub = subtype.partition("/")
    message.add_attachment(attachment, maintype=maintype, subtype=sub, filename=attachment_name)
    message.set_boundary("==workbench-sample-boundary==")  # not a random one: reproducible files
    return message.as_bytes(policy=email.policy.SMTP)


def ocr_images(seed: int, n_cards: int = 4, n_forms: int = 4) -> list[tuple[str, Image.Image, Truth]]:
    """ID cards and forms, each variant once: clean, rotated 90 / 180, skewed, noisy."""
    rnd = random.Random(seed)
    crowd = people(seed + 1000, n_cards + n_forms)
    variants = ["", "rotated 90", "noisy", "rotated 180", "skewed", "rotated 270"]
    out = []
    for i, p in enumerate(crowd[:n_cards]):
        variant = variants[i % len(variants)]
        truth = Truth(
            "",
            "image",
            ["\n".join(id_card_lines(p))],
            [p.name],
            [p.resident_id],
            [],
            identity_document=True,
            variant=variant,
        )
        out.append((f"身份证复印件_{i + 1}.png", spoil(id_card_image(p), variant, rnd), truth))
    for i, p in enumerate(crowd[n_cards:]):
        variant = variants[(i + 2) % len(variants)]
        truth = Truth(
            "", "image", ["\n".join(form_lines(p, i + 1))], [p.name], [p.resident_id], [p.mobile], variant=variant
        )
        out.append((f"客户登记表_{i + 1}.jpg", spoil(form_image(p, i + 1), variant, rnd), truth))
    return out


def _writer(folder: Path | str):
    """The truth per file name, and ``put(name, data, truth)`` writing a file into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truths: dict[str, Truth] = {}

    def put(name: str, data: bytes, truth: Truth) -> None:
        (folder / name).write_bytes(data)
        truth.file = name
        truths[name] = truth

    return truths, put


def make_documents(
    folder: Path | str, seed: int = 7, n_cards: int = 4, n_forms: int = 4, broken: bool = True
) -> dict[str, Truth]:
    """Write a folder of mixed documents; returns the truth per file name."""
    crowd = people(seed, 12)
    truths, put = _writer(folder)

    contract, truth = contract_docx(crowd[:5])
    put("家政服务合同.docx", contract, truth)
    roster = [
        [f"客户回访记录 第 {page + 1} 页"]
        + [f"{p.name}  手机 {p.mobile}  身份证 {p.resident_id}" for p in crowd[5 + 2 * page : 7 + 2 * page]]
        for page in range(2)
    ]
    put(
        "回访记录.pdf",
        text_pdf(roster),
        Truth(
            "",
            "pdf",
            ["\n".join(lines) for lines in roster],
            [p.name for p in crowd[5:9]],
            [p.resident_id for p in crowd[5:9]],
            [p.mobile for p in crowd[5:9]],
        ),
    )
    scans = ocr_images(seed, n_cards, n_forms)
    for name, image, truth in scans:
        buffer = io.BytesIO()
        image.save(buffer, "PNG" if name.endswith(".png") else "JPEG", quality=85)
        put(name, buffer.getvalue(), truth)
    # a scanned PDF: a form page and an ID-card page, no text layer
    (_, form, form_truth), (_, card, card_truth) = scans[n_cards], scans[0]
    put(
        "扫描件.pdf",
        image_pdf([form, card]),
        Truth(
            "",
            "pdf-scan",
            form_truth.pages + card_truth.pages,
            form_truth.names + card_truth.names,
            form_truth.resident_ids + card_truth.resident_ids,
            form_truth.mobiles,
            identity_document=True,
        ),
    )
    sender = crowd[9]
    put(
        "退款申请.eml",
        mail_with_attachment(
            sender, "合同.docx", contract, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        Truth(
            "",
            "eml",
            [],
            [sender.name] + truths["家政服务合同.docx"].names,
            truths["家政服务合同.docx"].resident_ids,
            [sender.mobile] + truths["家政服务合同.docx"].mobiles,
        ),
    )
    if broken:
        put("损坏的合同.docx", b"PK\x03\x04 this is not a whole zip archive", Truth("", "broken"))
        put("加密.pdf", text_pdf([["机密"]], password="secret"), Truth("", "encrypted"))
    return truths


def company_documents(folder: Path | str, seed: int) -> dict[str, Truth]:
    """A sample company's ``documents/`` folder, kept small (two pages go through OCR): a
    signed contract, a call-back list (text PDF), a customer's e-mail with the contract
    attached, a photocopied ID card and a scanned registration form."""
    crowd = people(seed, 9)
    rnd = random.Random(seed)
    truths, put = _writer(folder)

    contract, truth = contract_docx(crowd[:4])
    put("家政服务合同_2024-031.docx", contract, truth)
    roster = [["客户回访记录"] + [f"{p.name}  手机 {p.mobile}" for p in crowd[4:7]]]
    put(
        "回访记录_2024Q3.pdf",
        text_pdf(roster),
        Truth("", "pdf", ["\n".join(roster[0])], [p.name for p in crowd[4:7]], [], [p.mobile for p in crowd[4:7]]),
    )
    put(
        "退款申请.eml",
        mail_with_attachment(
            crowd[7], "合同.docx", contract, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        Truth("", "eml", [], [crowd[7].name] + truth.names, truth.resident_ids, [crowd[7].mobile] + truth.mobiles),
    )
    card = spoil(id_card_image(crowd[8]), "skewed", rnd).convert("L")
    buffer = io.BytesIO()
    card.save(buffer, "JPEG", quality=80)
    put(
        "身份证复印件_保洁员.jpg",
        buffer.getvalue(),
        Truth(
            "",
            "image",
            ["\n".join(id_card_lines(crowd[8]))],
            [crowd[8].name],
            [crowd[8].resident_id],
            identity_document=True,
            variant="skewed",
        ),
    )
    put(
        "客户登记表_扫描.pdf",
        image_pdf([form_image(crowd[0], 31).convert("L")]),
        Truth(
            "",
            "pdf-scan",
            ["\n".join(form_lines(crowd[0], 31))],
            [crowd[0].name],
            [crowd[0].resident_id],
            [crowd[0].mobile],
        ),
    )
    return truths
