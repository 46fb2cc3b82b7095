"""Sign-off of redacted copies in the workbench: "待签发的删除副本", then page by page.

A copy for ordinary use is released only when a reviewer has signed every page of it
(archive.signoffs holds the state, services.signoffs releases). The list shows every copy
awaiting sign-off and every copy rejected at it (with its reason code) to every role; the
page view, the images and the verdicts are the reviewer's. The view puts the copy's page,
each removal outlined (review.copies), beside the original page with the same boxes.

Originals follow the app's rule (review.app: in the reviewer's queue, or break-glass), with
one addition: a copy awaiting sign-off is the reviewers' business, so its dossier's
original pages are shown in its sign-off view while it awaits. Once the copy is released
or rejected the ordinary rule applies again.

The copy's bytes are read once per request and checked against the hash the copy was
registered with: a reviewer never signs, nor sees as the copy, a file changed since. Every
view, image, sign-off and rejection is audited with ids, pages and counts; a rejection's
typed reason is sealed (archive.signoffs) and only its length is logged.

This module holds no `from __future__ import annotations`: its routes are built inside
`signoff_router` around the app's own dependencies, and FastAPI must see those
annotations as objects, not as names to look up in this module.
"""
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from archive import Store
from archive.accounts import Session
from archive.signoffs import AWAITING, REJECTION_CODES, SIGNED, Copy, SignOffs
from models.errors import ConflictError, NotFoundError, ValidationError
from models.record import DecisionRecord
from review.copies import copy_png, original_png
from services import signoffs as signoff_service

SIGN_OFF = frozenset({"reviewer"})                      # who signs, rejects and sees the pages
SEE_LIST = frozenset({"reviewer", "auditor", "operator"})   # ids, pages, states and reason codes
_COPY = r"[0-9a-f]{32}"


def signoff_router(store: Store, *, page: Callable[..., Response], current: Callable[..., Session],
                   checked_form: Callable[..., Any], allowed: Callable[..., None],
                   originals_open: Callable[[Session, DecisionRecord], bool],
                   clock: Callable[[], dt.datetime]) -> APIRouter:
    """The sign-off routes over one store, built on the app's page renderer, session and CSRF
    dependencies, role check and rule for originals (review.app.create_app passes its own)."""
    router = APIRouter()
    book = SignOffs(store)
    Current = Annotated[Session, Depends(current)]
    CheckedForm = Annotated[FormData, Depends(checked_form)]

    def load(copy_id: str) -> Copy:
        if not re.fullmatch(_COPY, copy_id):
            raise NotFoundError("not a copy id")
        return book.get(copy_id)

    def copy_bytes(copy: Copy) -> bytes:
        """The copy's bytes, when they are still the ones registered for sign-off."""
        try:
            data = (store.root / copy.path).read_bytes()
        except OSError:
            raise ConflictError(f"copy {copy.copy_id} cannot be read") from None
        if hashlib.sha256(data).hexdigest() != copy.sha256:
            raise ConflictError(f"copy {copy.copy_id} changed since it was registered for sign-off")
        return data

    def shows_originals(session: Session, copy: Copy, record: DecisionRecord) -> bool:
        return session.account.role in SIGN_OFF and (copy.state == AWAITING or originals_open(session, record))

    def first_case_number(record: DecisionRecord) -> str:
        return record.case.case_numbers[0] if record.case.case_numbers else ""

    @router.get("/copies")
    def copies(request: Request, session: Current) -> Response:
        allowed(store, session, SEE_LIST)
        rows = []
        for copy in signoff_service.awaiting(store):
            verdicts = book.verdicts(copy.copy_id)
            rows.append({"entry": copy, "signed": sum(1 for v in verdicts.values() if v.verdict == SIGNED),
                         "case_number": first_case_number(store.records.load(copy.dossier_id))})
        rejected = [{"rejection": r, "case_number": first_case_number(store.records.load(r.copy.dossier_id))}
                    for r in signoff_service.rejections(store)]
        store.audit.append(session.account.actor, "review.copies_viewed", None, awaiting=len(rows),
                           rejected=len(rejected))
        return page(request, "copies.html", {
            "rows": rows, "rejected": rejected, "may_sign": session.account.role in SIGN_OFF,
            "released": _short_id(request, "released"), "rejected_now": _short_id(request, "rejected")},
            session=session)

    @router.get("/copies/{copy_id}")
    def first_page(session: Current, copy_id: str) -> Response:
        allowed(store, session, SIGN_OFF)
        copy = load(copy_id)
        return RedirectResponse(f"/copies/{copy_id}/pages/{_next_open(copy, book, 0) or 1}", status_code=303)

    def page_view(request: Request, session: Session, copy: Copy, number: int, *, error: str | None = None,
                  form: dict[str, str] | None = None, status: int = 200) -> Response:
        if not 1 <= number <= copy.pages:
            return PlainTextResponse("not found", status_code=404)
        record = store.records.load(copy.dossier_id)
        verdicts = book.verdicts(copy.copy_id)
        originals = shows_originals(session, copy, record)
        store.audit.append(session.account.actor, "review.copy_page_viewed", copy.dossier_id, copy=copy.copy_id,
                           page=number, originals=originals)
        return page(request, "copy_page.html", {
            "copy": copy, "number": number, "verdicts": verdicts, "verdict": verdicts.get(number),
            "signed": sum(1 for v in verdicts.values() if v.verdict == SIGNED),
            "case_number": first_case_number(record), "originals": originals,
            "may_sign": copy.state == AWAITING and number not in verdicts,
            "next_open": _next_open(copy, book, number), "codes": REJECTION_CODES, "error": error,
            "form": form or {}, "awaiting": copy.state == AWAITING},
            status=status, session=session, here=f"/copies/{copy.copy_id}/pages/{number}")

    @router.get("/copies/{copy_id}/pages/{number:int}")
    def copy_page(request: Request, session: Current, copy_id: str, number: int) -> Response:
        allowed(store, session, SIGN_OFF)
        return page_view(request, session, load(copy_id), number)

    @router.get("/copies/{copy_id}/pages/{number:int}/copy.png")
    def copy_image(session: Current, copy_id: str, number: int) -> Response:
        allowed(store, session, SIGN_OFF)
        copy = load(copy_id)
        if not 1 <= number <= copy.pages:
            return PlainTextResponse("not found", status_code=404)
        try:
            png, boxes = copy_png(copy_bytes(copy), number)
        except ConflictError:
            return PlainTextResponse("the copy changed since it was registered", status_code=409)
        store.audit.append(session.account.actor, "review.copy_image_viewed", copy.dossier_id, copy=copy.copy_id,
                           page=number, removals=boxes)
        return Response(png, media_type="image/png")

    @router.get("/copies/{copy_id}/pages/{number:int}/original.png")
    def original_image(session: Current, copy_id: str, number: int) -> Response:
        allowed(store, session, SIGN_OFF)
        copy = load(copy_id)
        record = store.records.load(copy.dossier_id)
        if not shows_originals(session, copy, record):
            store.audit.append(session.account.actor, "review.access_denied", copy.dossier_id, originals=True)
            return PlainTextResponse("not allowed for this account's role", status_code=403)
        if not 1 <= number <= min(copy.pages, record.source.pages):
            return PlainTextResponse("not found", status_code=404)
        try:
            png, boxes = original_png(store.records.source_path(copy.dossier_id), copy_bytes(copy), number)
        except ConflictError:
            return PlainTextResponse("the copy changed since it was registered", status_code=409)
        store.audit.append(session.account.actor, "review.page_viewed", copy.dossier_id, page=number,
                           copy=copy.copy_id, removals=boxes)
        return Response(png, media_type="image/png")

    @router.post("/copies/{copy_id}/pages/{number:int}/sign")
    def sign(request: Request, session: Current, _form: CheckedForm, copy_id: str, number: int) -> Response:
        allowed(store, session, SIGN_OFF)
        copy = load(copy_id)
        try:
            copy_bytes(copy)
            copy = book.sign(copy_id, number, account=session.account.name, actor=session.account.actor,
                             now=clock())
        except ConflictError:
            return page_view(request, session, load(copy_id), number, error="signoff_conflict", status=409)
        if copy.state != AWAITING:
            return RedirectResponse("/copies?" + urlencode({"released": copy.short_id}), status_code=303)
        return RedirectResponse(f"/copies/{copy_id}/pages/{_next_open(copy, book, number)}", status_code=303)

    @router.post("/copies/{copy_id}/pages/{number:int}/reject")
    def reject(request: Request, session: Current, form: CheckedForm, copy_id: str, number: int) -> Response:
        allowed(store, session, SIGN_OFF)
        copy = load(copy_id)
        fields = {"code": str(form.get("code", "")), "reason": str(form.get("reason", ""))}
        try:
            copy_bytes(copy)
            book.reject(copy_id, number, code=fields["code"], reason=fields["reason"], account=session.account.name,
                        actor=session.account.actor, now=clock())
        except ValidationError as exc:
            return page_view(request, session, copy, number, error=exc.key, form=fields, status=422)
        except ConflictError:
            return page_view(request, session, load(copy_id), number, error="signoff_conflict", status=409)
        return RedirectResponse("/copies?" + urlencode({"rejected": copy.short_id}), status_code=303)

    return router


def _next_open(copy: Copy, book: SignOffs, after: int) -> int | None:
    """The first page after `after` (then from the start) that has no verdict yet."""
    judged = book.verdicts(copy.copy_id)
    order = [*range(after + 1, copy.pages + 1), *range(1, after + 1)]
    return next((n for n in order if n not in judged), None)


def _short_id(request: Request, name: str) -> str:
    """A dossier's short id named in the query (the notice after a verdict), or ""."""
    value = request.query_params.get(name, "")
    return value if re.fullmatch(r"[0-9a-f]{12}", value) else ""
