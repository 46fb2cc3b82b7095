"""All outputs of one dossier, each verified before it is released.

Which persons are sealed and which must be removed is decided elsewhere
(models.coparties) and passed in; this module only writes and verifies:

- sealed_person_ids non-empty → the sealed dossier (`<short>.sealed.pdf`) and a
  sealing notice per sealed person (`<short>.notice.<P#>.pdf`), each with its
  `.key` sidecar, each checked by `check_sealed`;
- redact_person_ids non-empty, or mark_case_file → the copy for ordinary use
  (`<short>.redacted.pdf`): identifiers removed, the words of any sealed juvenile
  record the file cites (`cited_records`) removed, cover marked 含犯罪记录封存信息,
  then read back by `leak_check`.

File names carry only the dossier's short id and person ids. Paths in the
returned Outputs are relative to the store root, which is `out_dir.parent`
unless given (the store lays dossiers out as STORE/<dir>/...). If any check
fails, every file this call wrote is deleted and LeakDetectedError says which
output and channel failed — never what was found — so the dossier goes to
review and nothing is released. The pixel check uses `ocr_engine` (rapidocr by
default; any engine registered in extractors.ocr) and reads back only the lines
that had something removed (on OCR'd pages also their neighbours and lines that
still hold a fragment of an identifier), each recognised without detection.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.atomic import cleanup_temp
from core.keys import MasterKey
from extractors.ocr import DEFAULT_ENGINE, OcrEngine
from extractors.text import BBox, DossierText, PageText
from models.errors import LeakDetectedError
from models.record import DecisionRecord, Outputs
from redaction.leakcheck import check_inert, check_sealed, leak_check, ocr_bands, pixel_check
from redaction.notices import write_sealing_notice
from redaction.redact import find_spans, removal_plan, write_redacted_copy
from redaction.sealed import SealConfig, key_path_for, short_id, unwrap_password, write_sealed_dossier


def write_outputs(record: DecisionRecord, source: Path, pages: list[PageText], out_dir: Path,
                  master_key: MasterKey, config: SealConfig, *, sealed_person_ids: Sequence[str],
                  redact_person_ids: Sequence[str], mark_case_file: bool,
                  cited_records: Sequence[str] = (),
                  store_root: Path | None = None, ocr_engine: OcrEngine | str = DEFAULT_ENGINE) -> Outputs:
    root = store_root if store_root is not None else out_dir.parent
    sid = short_id(record.dossier_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    cleanup_temp(out_dir)
    written: list[Path] = []
    outputs = Outputs()
    try:
        if sealed_person_ids:
            sealed = write_sealed_dossier(source, record, out_dir / f"{sid}.sealed.pdf", master_key, config)
            written += [sealed.key_path, sealed.path]
            _verify_sealed(sealed.path, master_key, record.dossier_id, "sealed dossier")
            outputs.sealed_pdf = _relative(sealed.path, root)
            for person_id in sealed_person_ids:
                notice = out_dir / f"{sid}.notice.{person_id}.pdf"
                written += [key_path_for(notice), notice]
                write_sealing_notice(record, person_id, notice, config, master_key, pages)
                _verify_sealed(notice, master_key, record.dossier_id, f"sealing notice for {person_id}")
                outputs.notices.append(_relative(notice, root))
        if redact_person_ids or mark_case_file:
            copy = out_dir / f"{sid}.redacted.pdf"
            written.append(copy)
            write_redacted_copy(source, pages, record, list(redact_person_ids), copy, cited=cited_records)
            inert = check_inert(copy)
            if inert:
                raise LeakDetectedError(f"{sid}: the redacted copy failed verification ({'; '.join(inert)}); "
                                        "it was discarded and the dossier needs review")
            plan, keep = removal_plan(record, list(redact_person_ids), cited=cited_records)
            identifiers = [value for value, _ in plan]
            # the cheap channels first: a copy that fails them is not worth OCR's seconds a page
            hits = (leak_check(copy, identifiers, ocr_pages=[])
                    or pixel_check(copy, identifiers, engine=ocr_engine,
                                   ocr_pages=ocr_bands(pages, identifiers, _removed_boxes(pages, plan, keep))))
            if hits:
                channels = sorted({h.channel for h in hits})
                pages_hit = sorted({h.page for h in hits if h.page is not None})
                raise LeakDetectedError(
                    f"{sid}: the redacted copy still shows {len(hits)} identifier(s) of a sealed minor "
                    f"(channels: {', '.join(channels)}; pages: {pages_hit or 'whole file'}); it was "
                    "discarded and the dossier needs review")
            outputs.redacted_copies.append(_relative(copy, root))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return outputs


def _verify_sealed(path: Path, master_key: MasterKey, dossier_id: str, what: str) -> None:
    problems = check_sealed(path, unwrap_password(path, master_key, dossier_id), short_id(dossier_id))
    if problems:
        raise LeakDetectedError(f"{short_id(dossier_id)}: the {what} failed verification "
                                f"({'; '.join(problems)}); it was discarded")


def _removed_boxes(pages: list[PageText], plan: Sequence[tuple[str, str]],
                   keep: Sequence[str]) -> list[tuple[int, BBox]]:
    """Where write_redacted_copy removed text: the same spans, found again (text matching
    costs milliseconds), so the pixel check knows which lines to read."""
    doc = DossierText(pages)
    return [box for span in find_spans(doc, plan, keep=keep) for box in doc.boxes(span.start, span.end)]


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()
