"""Shared builders for the redaction tests: a real judgment PDF naming an adult and a
minor co-defendant, its record, and its page text read back from the PDF.

Kept in a test module (no tests of its own) so the product code carries no test data.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from extractors.text import Glyph, PageText
from models.record import DecisionRecord, Identifiers, Person, Source
from redaction import marks

MINOR = dict(name="李小明", alias="李某", id_number="330102200503151232", birth=dt.date(2005, 3, 15),
             address="浙江省杭州市上城区清泰街88号", school="杭州市第十四中学", guardian="李国强",
             phone="13812345678")
ADULT_NAME = "王大军"
JUDGE = "陈建华"
CASE_NUMBER = "（2022）浙0102刑初123号"

PAGES = [
    [
        "浙江省杭州市上城区人民法院",
        "刑事判决书",
        CASE_NUMBER,
        "公诉机关浙江省杭州市上城区人民检察院。",
        f"被告人{ADULT_NAME}，男，1990年6月1日出生，住浙江省杭州市西湖区文三路5号。",
        f"被告人{MINOR['name']}（曾用名{MINOR['alias']}），男，2005年3月15日出生，公民身份号码3301022005",
        f"03151232，汉族，初中文化，住{MINOR['address']}，就读于{MINOR['school']}。",
        f"法定代理人{MINOR['guardian']}（系被告人{MINOR['name']}之父），联系电话{MINOR['phone']}。",
    ],
    [
        f"经审理查明：2022年7月至8月间，被告人{ADULT_NAME}伙同被告人{MINOR['name']}多次盗窃。",
        f"被告人{MINOR['name']}的照片附后。",
        "判决如下：",
        f"一、被告人{ADULT_NAME}犯盗窃罪，判处有期徒刑四年。",
        f"二、被告人{MINOR['name']}犯盗窃罪，判处有期徒刑一年六个月，缓刑二年。",
        f"审判长{JUDGE}",
        "二〇二二年十一月三十日",
    ],
    [
        "送达回证",
        f"受送达人{ADULT_NAME}，送达日期2022年12月5日。",
    ],
]
PHOTO_BOX = (400.0, 420.0, 520.0, 540.0)   # x0, top, x1, bottom in points on page 2
SEAL_BOX = (380.0, 600.0, 500.0, 720.0)    # the court's seal on page 1: kept, it is no photograph


def photo() -> Image.Image:
    """A 'photograph': smooth colour gradients, so it is obviously not text."""
    y, x = np.mgrid[0:240, 0:240]
    rgb = np.stack([(x + y) % 256, (2 * x) % 256, (255 - y) % 256], axis=-1).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def seal() -> Image.Image:
    """A red ring with a star-less centre on a transparent background, like a scanned court seal."""
    y, x = np.mgrid[0:240, 0:240]
    ring = np.abs(np.hypot(x - 120, y - 120) - 100) < 8
    rgba = np.zeros((240, 240, 4), dtype=np.uint8)
    rgba[ring] = (210, 20, 20, 255)
    return Image.fromarray(rgba, "RGBA")


def make_judgment_pdf(path: Path, *, with_extras: bool = True) -> Path:
    """Three A4 pages of text in the embedded WQY font, a photo on page 2; with
    `with_extras`, also the places a name hides outside the page: document info,
    XMP, an outline entry, a text annotation, a page label and an attachment."""
    font = marks.cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.0, 842.0))
    for number, lines in enumerate(PAGES, start=1):
        y = 780.0
        for line in lines:
            canvas.setFont(font, 12)
            canvas.drawString(60, y, line)
            y -= 24
        if number == 1:
            x0, top, x1, bottom = SEAL_BOX
            canvas.drawImage(ImageReader(seal()), x0, 842 - bottom, x1 - x0, bottom - top, mask="auto")
        if number == 2:
            x0, top, x1, bottom = PHOTO_BOX
            canvas.drawImage(ImageReader(photo()), x0, 842 - bottom, x1 - x0, bottom - top)
        canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    if with_extras:
        name = MINOR["name"]
        pdf.docinfo["/Title"] = f"{name}盗窃案"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = f"{name}盗窃案"
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(f"被告人{name}", 0))
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                   Rect=[100, 100, 120, 120], Contents=pikepdf.String(f"核对{name}身份"))
        pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))
        pdf.Root.PageLabels = pikepdf.Dictionary(
            Nums=[0, pikepdf.Dictionary(P=pikepdf.String(f"{name}-"))])
        pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, f"{name} {MINOR['id_number']}".encode())
    pdf.save(path)
    return path


def text_layer_pages(path: Path) -> list[PageText]:
    """Page text read from the PDF's text layer (until extractors.pages lands)."""
    pages = []
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            lines: dict[float, list[Glyph]] = {}
            for ch in page.chars:
                if ch["text"].strip():
                    lines.setdefault(round(ch["top"], 0), []).append(
                        Glyph(ch["text"], (ch["x0"], ch["top"], ch["x1"], ch["bottom"]), 1.0))
            ordered = [sorted(lines[k], key=lambda g: g.bbox[0]) for k in sorted(lines)]
            pages.append(PageText(number, float(page.width), float(page.height), ordered,
                                  "text_layer", "text_layer"))
    return pages


def record_for(path: Path) -> DecisionRecord:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    minor = Person("P2", "defendant", MINOR["name"], aliases=[MINOR["alias"]], id_number=MINOR["id_number"],
                   birth_date=MINOR["birth"],
                   identifiers=Identifiers([MINOR["address"]], [MINOR["school"]], [MINOR["guardian"]],
                                           [MINOR["phone"]]))
    return DecisionRecord(digest, Source(str(path), digest, len(PAGES)), persons=[
        Person("P1", "defendant", ADULT_NAME, birth_date=dt.date(1990, 6, 1)),
        minor,
        Person("P3", "legal_representative", MINOR["guardian"], represents="P2"),
    ])


FIELD_BOX = (300.0, 60.0, 420.0, 90.0)      # x0, y0, x1, y1 in PDF points on page 1: a filled-in form field
FIELD_FILL = (0.1, 0.6, 0.2)                # the field's appearance: a green box, so its pixels can be found
ACTIVE_MARKERS = ("app.alert", "calc.exe", "evil.example", "attached.bin", "field-secret")


def make_active_pdf(path: Path) -> Path:
    """The judgment with every kind of active content a source may carry, each holding
    an ASCII marker (ACTIVE_MARKERS) so a test can look for it in the output's bytes:
    /OpenAction JavaScript, a document-level script, a page /AA, a link that launches a
    program and one that opens a web address, an outline item running a script, an
    embedded file in the /EmbeddedFiles tree and in a /FileAttachment annotation, an
    AcroForm text field (a widget with a green appearance and its own /AA), XMP and
    document info (from `make_judgment_pdf`)."""
    make_judgment_pdf(path)
    pdf = pikepdf.open(path, allow_overwriting_input=True)

    def script(code: str) -> pikepdf.Dictionary:
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
                                                    JS=pikepdf.String(code)))

    pdf.Root.OpenAction = script("app.alert('open');")
    names = pdf.Root.Names
    names.JavaScript = pikepdf.Dictionary(Names=[pikepdf.String("init"), script("app.alert('init');")])
    page = pdf.pages[0].obj
    page.AA = pikepdf.Dictionary(O=script("app.alert('page');"))
    launch = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[60, 700, 200, 720],
                                A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")))
    web = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[60, 670, 200, 690],
                             A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://evil.example/")))
    attached = pikepdf.AttachedFileSpec(pdf, b"attached.bin contents", filename="attached.bin")
    clip = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                              Rect=[500, 780, 520, 800], FS=attached.obj, Contents=pikepdf.String("attached.bin"))
    x0, y0, x1, y1 = FIELD_BOX
    appearance = pikepdf.Stream(pdf, f"{FIELD_FILL[0]} {FIELD_FILL[1]} {FIELD_FILL[2]} rg 0 0 {x1 - x0} {y1 - y0} re f"
                                .encode())
    appearance.stream_dict = pikepdf.Dictionary(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                                BBox=[0, 0, x1 - x0, y1 - y0])
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("note"),
        V=pikepdf.String("field-secret"), Rect=[x0, y0, x1, y1], F=4, P=page, AP=pikepdf.Dictionary(N=appearance),
        AA=pikepdf.Dictionary(K=script("app.alert('keystroke');"))))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(launch), pdf.make_indirect(web),
                                                   pdf.make_indirect(clip), field]))
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("run", action=script("app.alert('outline');")))
    pdf.save(path)
    return path
