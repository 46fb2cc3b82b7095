"""Outputs carry pages, never programs: what the sanitiser takes out of every output.

A dossier arrives as whatever a scanner, a word processor or an attacker wrote. A
sealed dossier or a copy for ordinary use that kept the source's active content would
run its JavaScript, launch its programs, send its form data, or hand over its embedded
files and metadata to whoever opens the output — with the sealed file's password
in hand, or not even that for a copy. So every output writer (redaction.sealed,
redaction.redact, redaction.release) passes its in-memory PDF through
`strip_active_content` before saving, and the leak check reads each output back with
`active_content`, which names what is still there (a finding is a leak).

Taken out:
- the document's actions: the catalog's /OpenAction and /AA, every /AA (page,
  annotation, field), and every /A action other than a jump within the file (/GoTo),
  wherever it hangs (link annotations, outline items) — JavaScript, Launch,
  SubmitForm, ImportData, ResetForm, URI, GoToR, GoToE, Rendition, Named and the rest;
  the /Next chain of a kept jump too;
- JavaScript: the /Names /JavaScript tree and every /JS key;
- embedded files: the /Names /EmbeddedFiles tree, /FileAttachment annotations,
  every file specification's /EF, associated files (/AF) and portfolios (/Collection);
- forms: /AcroForm (XFA with it) and every widget annotation. First qpdf generates
  the fields' appearances where the form asks for it and flattens every visible
  annotation with an appearance into its page, so the page looks as it did; only
  the field is gone;
- multimedia annotations (/Screen, /Movie, /Sound, /RichMedia, /3D);
- the source's metadata: document info (/Info), XMP (/Metadata) on the catalog,
  the pages and every other object, and private application data (/PieceInfo).

Not taken out: what a page draws (its content, fonts, images, optional-content
layers, hidden or not), outline titles and jumps within the file, page labels,
the structure tree, thumbnails, annotations that only show something (text notes,
highlights, stamps — flattened where they have an appearance), and the trailer /ID.
The sanitiser makes a file inert, not anonymous: identifiers in what is left are the
redaction's and the leak check's business.
"""
from __future__ import annotations

import pikepdf

CATALOG_KEYS = ("/OpenAction", "/AA", "/AcroForm", "/Metadata", "/Collection", "/PieceInfo")
NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")
EVERYWHERE = ("/AA", "/JS", "/Metadata", "/PieceInfo", "/EF", "/AF")
DROPPED_ANNOTATIONS = frozenset({"/Widget", "/FileAttachment", "/Screen", "/Movie", "/Sound",
                                 "/RichMedia", "/3D"})
KEPT_ACTIONS = frozenset({"/GoTo"})   # a jump to a page of the same file
# action types found by their /S alone, even in an object nothing points to (an action
# needs no /Type, and /S names other things elsewhere: a structure element's type)
FORBIDDEN_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR",
                               "/URI", "/Rendition", "/ResetForm"})


def strip_active_content(pdf: pikepdf.Pdf) -> None:
    """Make `pdf` (in memory, about to be saved as an output) inert: see the module's docstring."""
    if "/AcroForm" in pdf.Root:
        pdf.generate_appearance_streams()
    pdf.flatten_annotations("all")
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if isinstance(a, pikepdf.Dictionary)
                and str(a.get("/Subtype", "")) not in DROPPED_ANNOTATIONS]
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        else:
            del page.obj["/Annots"]
    for key in CATALOG_KEYS:
        if key in pdf.Root:
            del pdf.Root[key]
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in NAME_TREES:
            if key in names:
                del names[key]
        if not names.keys():
            del pdf.Root["/Names"]
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for obj in _dictionaries(pdf):
        _strip_object(obj)


def _dictionaries(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary | pikepdf.Stream]:
    """Every dictionary and stream in the file: the indirect objects, the trailer, and the
    direct dictionaries nested inside them (an action written inline in the catalog)."""
    found: list[pikepdf.Dictionary | pikepdf.Stream] = []
    pending: list[pikepdf.Object] = [*pdf.objects, pdf.trailer]
    while pending:
        obj = pending.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.append(obj)
            children = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        pending += [c for c in children if isinstance(c, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array))
                    and not c.is_indirect]
    return found


def _strip_object(obj: pikepdf.Dictionary | pikepdf.Stream) -> None:
    for key in EVERYWHERE:
        if key in obj:
            del obj[key]
    if _foreign_action(obj.get("/A")):
        del obj["/A"]
    if str(obj.get("/S", "")) in KEPT_ACTIONS and "/Next" in obj:
        del obj["/Next"]


def active_content(pdf: pikepdf.Pdf) -> list[str]:
    """What `strip_active_content` removes that is still in `pdf` (an output read back),
    in words without personal data; empty means inert. Every object in the file is
    looked at, reachable or not."""
    found: set[str] = set()
    found.update(f"catalog {key}" for key in CATALOG_KEYS if key in pdf.Root)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        found.update(f"name tree {key}" for key in NAME_TREES if key in names)
    if "/Info" in pdf.trailer:
        found.add("document info")
    for obj in _dictionaries(pdf):
        found.update(f"{key} entry" for key in EVERYWHERE if key in obj)
        action = obj.get("/A")
        if _foreign_action(action):
            found.add(f"{action.get('/S', '/?')} action")
        kind = str(obj.get("/S", ""))
        if kind in FORBIDDEN_ACTIONS or (obj.get("/Type") == pikepdf.Name.Action and kind not in KEPT_ACTIONS):
            found.add(f"{kind} action")
        if str(obj.get("/Subtype", "")) in DROPPED_ANNOTATIONS and "/Rect" in obj:
            found.add(f"{obj.Subtype} annotation")
        if obj.get("/Type") == pikepdf.Name.EmbeddedFile:
            found.add("embedded file")
    return sorted(found)


def _foreign_action(value: pikepdf.Object | None) -> bool:
    """True for an /A entry that is an action other than a jump within the file. /A also
    names a structure element's attributes (a dictionary with an owner /O, or an array)
    and a movie's activation: those are no actions and stay."""
    if not isinstance(value, pikepdf.Dictionary) or "/O" in value:
        return False
    is_action = "/S" in value or value.get("/Type") == pikepdf.Name.Action
    return is_action and str(value.get("/S", "")) not in KEPT_ACTIONS
