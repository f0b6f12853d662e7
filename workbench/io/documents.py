"""Documents as scan sources: Word, PDF, e-mail and images (through OCR).

A document becomes tables like any other file, so the same engine, recognizers, context
and masking apply:

- its running text is one table with a single column ``text``, one row per line (a
  paragraph, a line of a PDF page's text layer, a line read by OCR); ``Table.position(row)``
  tells where the line stands — page (1-based, PDF pages and images), part (``body``,
  ``headers``, ``attachment 合同.docx``, ...), line on the page and, for OCR, its box in
  pixels on the page as read — and the scan puts that on every finding;
- a Word table whose first row reads as a header is a table of its own (``table 1``, ...),
  its header the column context, exactly as a spreadsheet's.

PDF pages with a text layer are read through it (pypdfium2, PDFium's own text extraction);
pages without one (scans) are rendered at 150 dpi and read by OCR, as are pictures on text
pages and in Word documents (an ID-card copy pasted into a contract), and images
(``.png``, ``.jpg``, ``.tif``, every frame of a multi-page TIFF).  E-mails (``.eml``) give
their headers, body and attachments, recursively (Outlook ``.msg``: a message asking for an
``.eml`` export).  A page read by OCR that shows the resident-ID card's layout is recorded as an
identity document (``DocumentFacts.identity_pages``).

Limits keep memory bounded on a folder of thousands of documents: one page at a time,
files over ``MAX_DOCUMENT_BYTES`` and images over ``MAX_PIXELS`` are refused with a message
naming the file, and pages past ``MAX_PAGES`` are left out with a warning.
"""

from __future__ import annotations

import email
import functools
import email.policy
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pandas as pd

from ..pii.masking import mask_file_name
from .readers import CHUNK_ROWS, ReadError, Table, unique_headers

#: a document larger than this is refused (a client's 2 GB mailbox export is not one e-mail)
MAX_DOCUMENT_BYTES = 256 << 20
#: pages read per document; the rest are reported as left out
MAX_PAGES = 2000
#: pixels per image or rendered page (a 600 dpi A3 scan is 35 million)
MAX_PIXELS = 60_000_000
#: attachments inside attachments, at most this deep
MAX_DEPTH = 3
#: a PDF page whose text layer holds fewer visible characters than this is a scan: OCR
MIN_TEXT_CHARS = 10
#: PDF pages are rendered for OCR at this resolution (the text of a printed form reads right
#: at 150 dpi; 300 dpi doubled the time for no gain on the rendered samples)
RENDER_DPI = 150

#: pictures inside Word documents smaller than this (icons, logos, signatures) are not read
MIN_PICTURE_PIXELS = 300 * 200

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")

#: the printed labels of the resident-ID card's front (居民身份证, GB 19351) and back
ID_CARD_FRONT = ("姓名", "性别", "民族", "出生", "住址")
ID_CARD_NUMBER_LABEL = "公民身份号码"
ID_CARD_BACK = ("签发机关", "有效期限")


@dataclass
class DocumentFacts:
    """What reading a document found out besides its text (filled as it is read)."""

    kind: str  # docx, pdf, email, image
    pages: int = 0  # pages or images read (Word: 0, no fixed pages)
    ocr_pages: int = 0  # of which read by OCR
    #: pages (or parts) showing a resident-ID card, e.g. ["page 2", "attachment 身份证.jpg"]
    identity_pages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    text: str
    part: str
    page: int | None = None
    line: int = 0
    box: tuple[int, int, int, int] | None = None


@dataclass
class _Grid:
    """A Word table: its header and rows of cell texts."""

    part: str
    header: list[str]
    rows: list[list[str]]


def is_identity_document(text: str) -> bool:
    """Does this (OCR) text show a resident-ID card: the number's label and three more of
    the front's labels, or the back's title with its issuing office or validity?

    >>> is_identity_document("姓名 张三\\n性别 男 民族 汉\\n出生 1990年1月1日\\n公民身份号码 110101...")
    True
    >>> is_identity_document("客户姓名：张三\\n身份证号：110101...\\n住址：北京市")
    False
    """
    compact = re.sub(r"\s+", "", text)
    if ID_CARD_NUMBER_LABEL in compact and sum(label in compact for label in ID_CARD_FRONT) >= 3:
        return True
    return "居民身份证" in compact and any(label in compact for label in ID_CARD_BACK)


def read_document(path: Path) -> Iterator[Table]:
    """The tables of one document (see the module docstring); raises ReadError."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise ReadError(
            path,
            f"the document is too large to scan ({size / 2**20:,.0f} MB; the limit is "
            f"{MAX_DOCUMENT_BYTES >> 20} MB) / 文档过大，未扫描",
        )
    kind = document_kind(path.name)
    facts = DocumentFacts(kind)
    warnings: list[str] = []
    grids: list[_Grid] = []
    rows: list[tuple] = []  # where each row of the text table stands (not its text)
    progress = [0.0]

    def chunks() -> Iterator[pd.DataFrame]:
        batch: list[str] = []
        for item in _items(path, path.name, path, facts, warnings, depth=0, progress=progress):
            if isinstance(item, _Grid):
                grids.append(item)
                continue
            rows.append((item.part, item.page, item.line, item.box))
            batch.append(item.text)
            if len(batch) >= CHUNK_ROWS:
                yield pd.DataFrame({"text": batch}, dtype=object)
                batch = []
        if batch:
            yield pd.DataFrame({"text": batch}, dtype=object)

    def position(row: int) -> dict:
        part, page, line, box = rows[row]
        return {"page": page, "part": part, "line": line, "box": list(box) if box else None}

    yield Table(
        path,
        None,
        ["text"],
        chunks,
        warnings=warnings,
        share_read=lambda: progress[0],
        position=position,
        document=facts,
    )
    for grid in grids:
        columns = unique_headers(grid.header)
        width = len(columns)
        frame = pd.DataFrame([(r + [""] * width)[:width] for r in grid.rows], columns=columns, dtype=object)
        yield Table(
            path,
            grid.part,
            columns,
            functools.partial(iter, [frame]),
            position=functools.partial(_grid_position, grid.part),
        )


def _grid_position(part: str, row: int) -> dict:
    """Where a row of a Word table is: its part ("table 1"), the row as its line."""
    return {"page": None, "part": part, "line": row, "box": None}


def location(part: str | None, page: int | None) -> str:
    """How a place in a document is named in summaries: "page 2", "headers", "table 1",
    "attachment 合同.pdf / page 2", "image 1" (a picture inside a Word document)."""
    part = part or "body"
    if page is None:
        return part
    return f"page {page}" if part in ("body", "image") else f"{part} / page {page}"


def document_kind(name: str) -> str:
    """docx, pdf, email or image, from the file name; "other" for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return {".docx": "docx", ".pdf": "pdf", ".eml": "email", ".msg": "email"}.get(suffix, "other")


def _items(
    source,
    name: str,
    path: Path,
    facts: DocumentFacts,
    warnings: list[str],
    depth: int,
    progress: list[float],
    prefix: str = "",
) -> Iterator[_Line | _Grid]:
    """Lines and Word tables of one document or attachment (``source``: a path or bytes)."""
    kind = document_kind(name)
    try:
        if kind == "docx":
            yield from _docx(source, name, path, facts, warnings, prefix)
        elif kind == "pdf":
            yield from _pdf(source, name, path, facts, warnings, progress, prefix)
        elif kind == "image":
            yield from _image(source, name, path, facts, warnings, prefix)
        elif kind == "email":
            yield from _email(source, name, path, facts, warnings, depth, progress, prefix)
        else:
            _warn(warnings, prefix or name, "this kind of attachment is not read")
    except Exception as exc:  # the libraries raise many types for damaged files
        problem = (
            exc.problem if isinstance(exc, ReadError) else f"could not be read ({type(exc).__name__}: {exc}) / 无法读取"
        )
        if not prefix:  # the document itself: the scan reports the file as unreadable
            raise exc if isinstance(exc, ReadError) else ReadError(path, problem) from None
        _warn(warnings, prefix, problem)  # an attachment: the rest is read
    finally:
        if not prefix:
            progress[0] = 1.0


# -- Word -------------------------------------------------------------------------------


def _docx(
    source, name: str, path: Path, facts: DocumentFacts, warnings: list[str], prefix: str
) -> Iterator[_Line | _Grid]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    data = source.read_bytes() if isinstance(source, Path) else source
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(
            path,
            "the Word document is password-protected (encrypted) or an old "
            ".doc saved as .docx; save an unprotected .docx copy and scan that"
            " / 文档已加密",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReadError(
            path,
            f"not a readable Word .docx document (damaged or truncated: {type(exc).__name__}) / 文档已损坏",
        ) from None
    part = prefix or "body"
    line, tables = 0, 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            tables += 1
            cells = [[cell.text.strip() for cell in row.cells] for row in block.rows]
            label = f"{prefix + ' / ' if prefix else ''}table {tables}"
            if len(cells) > 1 and all(0 < len(text) <= 30 for text in cells[0]):
                yield _Grid(label, cells[0], cells[1:])
            else:  # no header row: the cells as lines, a row a line
                for index, row in enumerate(cells):
                    yield _Line(" | ".join(text for text in row if text), label, None, index)
            continue
        for text in block.text.splitlines():
            if text.strip():
                yield _Line(text, part, None, line)
                line += 1
    # pictures pasted into the document (an ID card copied into a contract is common);
    # icons, logos and signatures below MIN_PICTURE_PIXELS are not read
    pictures = [
        rel.target_part.blob
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/image") and not rel.is_external
    ]
    for index, blob in enumerate(pictures, start=1):
        try:
            yield from _image(blob, name, path, facts, warnings, _where(prefix, f"image {index}"), MIN_PICTURE_PIXELS)
        except ReadError as exc:  # a picture Pillow cannot open (WMF, EMF): the text stays
            _warn(warnings, _where(prefix, f"image {index}"), exc.problem)
    for number, section in enumerate(document.sections, start=1):
        for label, story in (("header", section.header), ("footer", section.footer)):
            for index, paragraph in enumerate(story.paragraphs):
                if paragraph.text.strip():
                    yield _Line(paragraph.text, _where(prefix, f"{label} {number}"), None, index)


# -- PDF --------------------------------------------------------------------------------


def _pdf(
    source, name: str, path: Path, facts: DocumentFacts, warnings: list[str], progress: list[float], prefix: str
) -> Iterator[_Line]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                path,
                "the PDF is password-protected (encrypted); scan an unprotected copy / PDF 已加密，无法读取",
            ) from None
        raise ReadError(path, f"not a readable PDF (damaged or truncated: {exc}) / PDF 已损坏") from None
    try:
        total = len(pdf)
        if total > MAX_PAGES:
            _warn(warnings, prefix, f"{total:,} pages: only the first {MAX_PAGES:,} were scanned")
        for index in range(min(total, MAX_PAGES)):
            page = pdf[index]
            number = index + 1
            label = _where(prefix, f"page {number}")
            lines: list[_Line] = []
            to_read: list[tuple] = []  # (image, part, is the page itself) for OCR
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                if len(re.sub(r"\s+", "", text)) >= MIN_TEXT_CHARS:
                    facts.pages += 1
                    lines = [
                        _Line(line, prefix or "body", number, line_no)
                        for line_no, line in enumerate(t for t in text.splitlines() if t.strip())
                    ]
                    # pictures on a text page (an ID card pasted into a contract exported as PDF)
                    to_read = [
                        (picture, _where(prefix, f"image {k}"), False)
                        for k, picture in enumerate(_pictures(page, label, warnings), start=1)
                    ]
                else:
                    width, height = page.get_size()
                    scale = RENDER_DPI / 72
                    if width * height * scale * scale > MAX_PIXELS:
                        _warn(warnings, label, "the page is too large to read by OCR; left out")
                        continue
                    to_read = [(page.render(scale=scale).to_pil(), prefix or "body", True)]
            finally:
                page.close()
                if not prefix:
                    progress[0] = number / min(total, MAX_PAGES)
            yield from lines
            for image, part, whole_page in to_read:
                yield from _ocr(image, part, number, facts, whole_page)
    finally:
        pdf.close()


def _pictures(page, label: str, warnings: list[str]) -> list:
    """The pictures on a PDF page large enough to hold text (not icons, logos or signatures)."""
    import pypdfium2.raw as pdfium_c

    pictures = []
    for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        width, height = item.get_px_size()
        if not MIN_PICTURE_PIXELS <= width * height <= MAX_PIXELS:
            continue
        try:
            pictures.append(item.get_bitmap(render=False).to_pil())
        except Exception as exc:  # unusual colour spaces or filters PDFium cannot hand over
            _warn(warnings, label, f"a picture could not be read ({type(exc).__name__}); left out")
    return pictures


# -- images -----------------------------------------------------------------------------


def _image(
    source, name: str, path: Path, facts: DocumentFacts, warnings: list[str], prefix: str, min_pixels: int = 0
) -> Iterator[_Line]:
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(source if isinstance(source, Path) else io.BytesIO(source))
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(path, f"not a readable image (damaged or unknown format: {exc}) / 图片无法读取") from None
    with image:
        if image.width * image.height < min_pixels:
            return
        if image.width * image.height > MAX_PIXELS:
            raise ReadError(
                path,
                f"the image is too large to read by OCR ({image.width} x "
                f"{image.height} pixels; the limit is {MAX_PIXELS:,}) / 图片过大",
            )
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            _warn(warnings, prefix, f"{frames:,} pages: only the first {MAX_PAGES:,} were scanned")
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_PAGES:
                break
            try:
                upright = ImageOps.exif_transpose(frame.convert("RGB"))  # phone photos carry their turn
            except OSError as exc:
                raise ReadError(path, f"the image is damaged or truncated ({exc}) / 图片已损坏") from None
            # an image inside a document or an e-mail is a part of its own; pages only for
            # image files and multi-page TIFFs
            page = index + 1 if not prefix or frames > 1 else None
            yield from _ocr(upright, prefix or "image", page, facts)


def _ocr(image, part: str, page: int | None, facts: DocumentFacts, whole_page: bool = True) -> Iterator[_Line]:
    """Lines read by OCR; ``whole_page`` False for a picture on a page already counted."""
    from .ocr import ocr_engine

    read = ocr_engine().read(image)
    facts.pages += whole_page
    facts.ocr_pages += 1
    if is_identity_document(read.text):
        facts.identity_pages.append(location(part, page))
    for index, line in enumerate(read.lines):
        yield _Line(line.text, part, page, index, line.box)


# -- e-mail -----------------------------------------------------------------------------

#: headers that name people and addresses
MAIL_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject")


def _email(
    source,
    name: str,
    path: Path,
    facts: DocumentFacts,
    warnings: list[str],
    depth: int,
    progress: list[float],
    prefix: str,
) -> Iterator[_Line | _Grid]:
    data = source.read_bytes() if isinstance(source, Path) else source
    if name.lower().endswith(".msg"):
        # Outlook's OLE format needs extract-msg and its 13 dependencies (cryptography,
        # oletools...); left out for now, with a message rather than a silent skip
        raise ReadError(
            path,
            "Outlook .msg messages are not read yet; save the message as .eml "
            "(File > Save As) and scan that / 请将 .msg 邮件另存为 .eml 后扫描",
        )
    headers, bodies, attachments = _eml_parts(data)
    if not headers and not bodies and not attachments:
        raise ReadError(path, "not a readable e-mail (no headers, body or attachments found) / 邮件无法读取")
    header_part = _where(prefix, "headers")
    for index, (key, value) in enumerate(headers):
        yield _Line(f"{key}: {value}", header_part, None, index)
    body_part = _where(prefix, "body")
    line = 0
    for body in bodies:
        for text in body.splitlines():
            if text.strip():
                yield _Line(text, body_part, None, line)
                line += 1
    for filename, payload in attachments:
        label = _where(prefix, f"attachment {filename}")
        if depth + 1 > MAX_DEPTH:
            _warn(warnings, label, f"attachments nested deeper than {MAX_DEPTH} levels are not read")
            continue
        if document_kind(filename) == "other":
            _warn(warnings, label, "this kind of attachment is not read")
            continue
        yield from _items(payload, filename, path, facts, warnings, depth + 1, progress, prefix=label)


def _eml_parts(data: bytes):
    message = email.message_from_bytes(data, policy=email.policy.default)
    headers = [(key, str(message[key])) for key in MAIL_HEADERS if message[key]]
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content_type = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            payload = part.get_payload(decode=True) or b""
            attachments.append((filename or "attachment.bin", payload))
        elif content_type == "text/plain":
            plain.append(_content(part))
        elif content_type == "text/html":
            html.append(_html_text(_content(part)))
        elif content_type == "message/rfc822":
            attachments.append(("message.eml", part.get_payload(0).as_bytes()))  # type: ignore[union-attr]  # message/rfc822: a Message
    return headers, plain or html, attachments


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):  # an unknown or wrong charset declaration
        return (part.get_payload(decode=True) or b"").decode("gb18030", errors="replace")


class _HtmlText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        if tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    return "".join(parser.parts)


def _where(prefix: str, what: str) -> str:
    return f"{prefix} / {what}" if prefix else what


def _warn(warnings: list[str], place: str, problem: str) -> None:
    """Record a problem with one place of a document (``attachment 王五简历.docx / page 2``; none:
    the document as a whole).  The place is masked here, where it is still apart from the
    problem: it names attachments, whose names hold people's names and may hold ``": "``
    (``Re: 王五简历.docx``), so no later split of the text could find where it ends."""
    warnings.append(f"{mask_file_name(place)}: {problem}" if place else problem)
