"""The reviewers' workbench: FastAPI with server-rendered Jinja2 pages.

    app = create_app(Store.open("demo/store"))
    uvicorn.run(app, host="127.0.0.1", port=8400)     # `fengcun review serve` does this

Everything but the sign-in form and the stylesheet needs a live session, and
what a session may see depends on its account's role: reviewers answer items,
auditors see the queue and items read-only, operators see the queue (ids, courts,
dates, reasons). Originals — page images and the crops cut from them — are shown
only to a reviewer, and only for a dossier with an open item in that reviewer's
queue (review.queue.in_queue_of: open, not barred to them, not held by another
reviewer's claim) or under a
break-glass grant: the reviewer types why (at least BREAK_GLASS_MIN_REASON
characters) and sees that dossier's originals for BREAK_GLASS_FOR; the grant, its
sealed reason and its audit entry are archive.break_glass. The sign-off of redacted copies
(review.signoff, its own router) also shows a dossier's originals while a copy of it awaits
sign-off, in that copy's view. Auditors never see
originals (they hold the audit trail); operators never did. Every response
carries `Cache-Control: no-store` and a strict Content-Security-Policy (no inline
script: the keyboard shortcuts live in static/app.js). Every form carries the session's CSRF token; the
sign-in form, which has no session yet, a double-submit token. Every view and
every answer goes to the audit log under the account (`reviewer:wang.li`),
with ids, pages and field names only.

A dossier is worked by one reviewer at a time (archive.claims): opening an item claims
its dossier, L claims it until released, S skips an item to the end of the reviewer's
order, and a dossier can be assigned to a reviewer. Items another reviewer's claim holds
are listed with the holder's account but left out of J/K and of the next item, and are
not answered. With JavaScript an answer is sent in the background (static/app.js asks
for JSON) while the next item is shown; without it the form posts and the page waits.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from archive import FAILED, Store
from archive.accounts import Accounts, Session
from archive.break_glass import BreakGlass
from archive.claims import Claim, Claims
from models.errors import FengcunError, Forbidden, NotFoundError, SignInRequired
from models.record import DecisionRecord, ReviewItem
from models.rules.engine import second_approval_barred
from review import decisions
from review.context import judged_against, show
from review.evidence import crop_png, crops, evidence_for, page_png
from review.i18n import DEFAULT_LANGUAGE, LANGUAGES, field_label_key, reason_text, translator
from review.queue import (STATUSES, Filters, QueueRow, build_queue, choices, counts, find_item, holding, in_queue_of,
                          neighbours, next_after, order_for, search, with_holders)
from review.signoff import signoff_router
from review.throttle import SignInThrottle
from services import unsealing
from services.inquiries import open_inquiries

SESSION_COOKIE = "fengcun_session"
SIGN_IN_COOKIE = "fengcun_signin"
LANGUAGE_COOKIE = "fengcun_lang"
VIEW_EVIDENCE = frozenset({"reviewer", "auditor"})
ANSWER = frozenset({"reviewer"})
VIEW_ORIGINALS = frozenset({"reviewer"})
BREAK_GLASS_MIN_REASON = 10
BREAK_GLASS_FOR = dt.timedelta(minutes=30)
PUBLIC_PATHS = frozenset({"/login", "/static/app.css"})
BATCH_SIZE = 20            # items of one reason a reviewer checks on one screen
_HERE = Path(__file__).parent
_DOSSIER = r"[0-9a-f]{64}"
_ITEM = r"R[0-9]{1,6}"
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


def create_app(store: Store, accounts: Accounts | None = None, *, secure_cookies: bool = False,
               throttle: SignInThrottle | None = None,
               clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> FastAPI:
    """The app over one store. `secure_cookies`: set when served behind HTTPS. `throttle`:
    sign-in attempts allowed per client address (review.throttle; 10 in 5 minutes).
    `clock`: the time break-glass grants and claims start and run out by."""
    accounts = accounts or Accounts(store)
    throttle = throttle or SignInThrottle()
    grants = BreakGlass(store)
    claims = Claims(store)
    app = FastAPI(title="fengcun review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.accounts = accounts
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    static = {name: (_HERE / "static" / name).read_bytes() for name in ("app.css", "app.js")}

    # -- every response --------------------------------------------------------------------------
    @app.middleware("http")
    async def frame(request: Request, call_next: Any) -> Response:
        wanted = request.query_params.get("lang")
        chosen = wanted if wanted in LANGUAGES else request.cookies.get(LANGUAGE_COOKIE)
        request.state.lang = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if wanted in LANGUAGES:
            response.set_cookie(LANGUAGE_COOKIE, wanted, httponly=True, samesite="strict",
                                secure=secure_cookies, max_age=365 * 86400)
        return response

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, _exc: SignInRequired) -> Response:
        if request.method == "GET" and not request.url.path.endswith(".png"):
            return RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)
        return PlainTextResponse("sign in required", status_code=401)

    @app.exception_handler(Forbidden)
    async def forbidden(_request: Request, _exc: Forbidden) -> Response:
        return PlainTextResponse("not allowed for this account's role", status_code=403)

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, _exc: NotFoundError) -> Response:
        return PlainTextResponse("not found", status_code=404)

    @app.exception_handler(FengcunError)
    async def failed(_request: Request, exc: FengcunError) -> Response:
        # the message may quote a source path (archives name files after parties): class only
        return PlainTextResponse(f"cannot do this now ({type(exc).__name__}); ask an operator",
                                 status_code=500)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200,
             session: Session | None = None, here: str | None = None) -> HTMLResponse:
        """Render a template; `here` is the page's own GET address (for the language switch)
        when the response answers a POST."""
        lang = request.state.lang
        here = here or request.url.path + ("?" + str(request.url.query) if request.url.query else "")
        other = "en" if lang == "zh" else "zh"
        switch = re.sub(r"([?&])lang=\w+&?", r"\1", here).rstrip("?&")
        switch += ("&" if "?" in switch else "?") + f"lang={other}"
        return templates.TemplateResponse(request, name, {
            "t": translator(lang), "lang": lang, "session": session, "switch_url": switch,
            "field_label": lambda f: translator(lang)(field_label_key(f)),
            "reason_text": lambda r: reason_text(r, lang), **context}, status_code=status)

    # -- sign-in ---------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/", failed: int = 0) -> Response:
        token = secrets.token_urlsafe(32)
        response = page(request, "login.html", {"signin_token": token, "next": _local(next),
                                                 "failed": bool(failed)})
        response.set_cookie(SIGN_IN_COOKIE, token, httponly=True, samesite="strict",
                            secure=secure_cookies, max_age=600, path="/login")
        return response

    @app.post("/login")
    def login(request: Request, account: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
              csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
        expected = request.cookies.get(SIGN_IN_COOKIE, "")
        if not expected or not secrets.compare_digest(csrf, expected):
            return RedirectResponse("/login?" + urlencode({"next": _local(next)}), status_code=303)
        address = request.client.host if request.client else "unknown"
        if wait := throttle.reserve(address):
            return PlainTextResponse("too many sign-in attempts from this address; try again later",
                                     status_code=429, headers={"Retry-After": str(int(wait) + 1)})
        signed_in = accounts.authenticate(account, password)
        if signed_in is None:
            # only a known name is recorded: people type passwords into the name field
            store.audit.append("review-app", "review.sign_in_failed", None,
                               account=account if accounts.get(account) else "(unknown)")
            return RedirectResponse("/login?" + urlencode({"next": _local(next), "failed": 1}),
                                    status_code=303)
        throttle.release(address)
        token, _session = accounts.open_session(signed_in)
        store.audit.append(signed_in.actor, "review.signed_in", None)
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies)
        response.delete_cookie(SIGN_IN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    def logout(request: Request, session: Current, _form: CheckedForm) -> Response:
        accounts.close_session(request.cookies.get(SESSION_COOKIE, ""))
        store.audit.append(session.account.actor, "review.signed_out", None)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/static/app.css")
    def stylesheet() -> Response:
        return Response(static["app.css"], media_type="text/css")

    @app.get("/static/app.js")
    def script(_session: Current) -> Response:
        return Response(static["app.js"], media_type="text/javascript")

    # -- the queue -------------------------------------------------------------------------------
    def filters_of(court: str, reason: str, status: str) -> Filters:
        return Filters(court, reason, status if status in STATUSES else "")

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, session: Current, court: str = "", reason: str = "",
              status: str = "open") -> Response:
        return queue_page(request, session, filters_of(court, reason, status))

    @app.post("/", response_class=HTMLResponse)
    def queue_search(request: Request, session: Current, form: CheckedForm) -> Response:
        """The queue narrowed to dossiers whose 案号 or person's name holds the query. POST: a
        name is sealed data, and a query string lands in access logs and browser history."""
        filters = filters_of(str(form.get("court", "")), str(form.get("reason", "")), str(form.get("status", "open")))
        return queue_page(request, session, filters, str(form.get("q", "")).strip()[:64])

    def rows_for(session: Session, records: list[DecisionRecord] | None = None) -> list[QueueRow]:
        """Every queue row with the account holding it, in this account's order (archive.claims:
        assigned dossiers first, skipped items last)."""
        name = session.account.name
        live = claims.live(clock())
        rows = with_holders(build_queue(store.records.all() if records is None else records),
                            {d: c.account for d, c in live.items()})
        return order_for(rows, name, {d for d, c in live.items() if c.account == name and c.kind == "assigned"},
                         claims.skipped(name))

    def queue_page(request: Request, session: Session, filters: Filters, query: str = "") -> Response:
        records = list(store.records.all())
        rows = rows_for(session, records)
        today = dt.date.today()
        shown = [r for r in rows if filters.keep(r) and session.account.name not in r.barred]
        if query:
            # names only for those who may see the dossiers' contents; only the dossiers listed
            visible = {r.dossier_id for r in shown}
            found = search((r for r in records if r.dossier_id in visible), query,
                           names=session.account.role in VIEW_EVIDENCE)
            shown = [r for r in shown if r.dossier_id in found]
        courts, reasons = choices(rows)
        store.audit.append(session.account.actor, "review.queue_viewed", None, rows=len(shown),
                           status=filters.status, by_court=bool(filters.court), by_reason=bool(filters.reason),
                           searched=bool(query))
        return page(request, "queue.html", {
            "search_text": query,
            "rows": shown, "counts": counts(rows, today), "today": today, "filters": filters,
            "inquiries": open_inquiries(store), "unsealing_cases": unsealing.cases(store, state=unsealing.OPEN),
            "courts": courts, "reasons": reasons, "statuses": STATUSES,
            "item_query": urlencode(filters.query()),
            "may_open": session.account.role in VIEW_EVIDENCE, "may_batch": session.account.role in ANSWER,
            "batch_approved": _count(request, "approved"), "batch_refused": _count(request, "refused")},
            session=session,
            here="/?" + urlencode(filters.query()))

    def load_record(dossier_id: str) -> DecisionRecord:
        if not re.fullmatch(_DOSSIER, dossier_id):
            raise NotFoundError("not a dossier id")
        return store.records.load(dossier_id)

    def originals_open(session: Session, record: DecisionRecord) -> bool:
        """Whether this session may see the dossier's originals now (the module's rule)."""
        name = session.account.name
        claim = claims.of(record.dossier_id, clock())
        return session.account.role in VIEW_ORIGINALS and (
            in_queue_of(record, name, claim.account if claim else None)
            or grants.active(name, record.dossier_id, clock()) is not None)

    def refused(session: Session, record: DecisionRecord) -> bool:
        """Whether the dossier's originals are closed to this session; a refusal is audited."""
        if originals_open(session, record):
            return False
        store.audit.append(session.account.actor, "review.access_denied", record.dossier_id, originals=True)
        return True

    def break_glass_page(request: Request, session: Session, dossier_id: str, back: str, *,
                         status: int, error: str | None = None) -> HTMLResponse:
        return page(request, "break_glass.html", {
            "dossier_id": dossier_id, "short_id": dossier_id[:12], "back": _local(back), "error": error,
            "min_reason": BREAK_GLASS_MIN_REASON, "minutes": int(BREAK_GLASS_FOR.total_seconds() // 60)},
            status=status, session=session, here=f"/dossiers/{dossier_id}/break-glass?"
            + urlencode({"next": _local(back)}))

    @app.get("/dossiers/{dossier_id}/break-glass", response_class=HTMLResponse)
    def break_glass_form(request: Request, session: Current, dossier_id: str, next: str = "/") -> Response:
        allowed(store, session, VIEW_ORIGINALS, dossier_id)
        load_record(dossier_id)
        return break_glass_page(request, session, dossier_id, next, status=200)

    @app.post("/dossiers/{dossier_id}/break-glass")
    def break_glass(request: Request, session: Current, form: CheckedForm, dossier_id: str) -> Response:
        allowed(store, session, VIEW_ORIGINALS, dossier_id)
        load_record(dossier_id)
        reason = " ".join(str(form.get("reason", "")).split())
        back = _local(str(form.get("next", f"/dossiers/{dossier_id}/pages/1")))
        if len(reason) < BREAK_GLASS_MIN_REASON:
            return break_glass_page(request, session, dossier_id, back, status=422,
                                    error="break_glass_reason_short")
        grants.grant(session.account.actor, session.account.name, dossier_id, reason, now=clock(),
                     duration=BREAK_GLASS_FOR)
        return RedirectResponse(back, status_code=303)

    def listed(session: Session, filters: Filters, saving: tuple[str, str] | None = None) -> list[QueueRow]:
        """The rows of the account's filtered queue, in its order, less those another
        reviewer's claim holds and those whose answer is being saved: what J and K walk
        through and the next item comes from (`saving`: the answer the page was fetched
        beside, which may reach the server after this request)."""
        name = session.account.name
        busy = decisions.in_flight() | ({saving} if saving else set())
        return [r for r in rows_for(session) if filters.keep(r) and name not in r.barred
                and not r.held_for_other(name) and (r.dossier_id, r.item_id) not in busy]

    def claim_for(session: Session, record: DecisionRecord, item: ReviewItem, *, opened: bool) -> str | None:
        """Who holds the item now, after claiming its dossier for this reviewer when the item is
        theirs to answer and no one else's claim holds it (`opened`: by opening it, letting the
        reviewer's other opened dossiers go; else by answering it)."""
        account = session.account
        barred = second_approval_barred(record, item)
        claim: Claim | None
        if account.role in ANSWER and item.status == "open" and account.name not in barred \
                and store.records.state(record.dossier_id) != FAILED:
            claim = claims.take(record.dossier_id, account.name, account.actor, "opened", clock(), moved_on=opened)
        else:
            claim = claims.of(record.dossier_id, clock())
        return holding(barred, claim.account if claim else None)

    def may_undo(session: Session, answered: tuple[str, str] | None) -> bool:
        if answered is None or session.account.role not in ANSWER:
            return False
        record = store.records.load(answered[0])
        item = find_item(record, answered[1])
        return item is not None and decisions.can_undo(record, item, session.account)

    # -- an item ---------------------------------------------------------------------------------
    def load(dossier_id: str, item_id: str) -> tuple[DecisionRecord, ReviewItem]:
        record = load_record(dossier_id)
        item = find_item(record, item_id)
        if item is None:
            raise NotFoundError(f"no item {item_id} in dossier {dossier_id[:12]}")
        return record, item

    def item_page(request: Request, session: Session, dossier_id: str, item_id: str, filters: Filters, *,
                  error: str | None = None, form: dict[str, str] | None = None, status: int = 200) -> Response:
        record, item = load(dossier_id, item_id)
        person = _person(record, item.person_id)
        evidence = evidence_for(person, item)
        holder = claim_for(session, record, item, opened=True)
        claim = claims.of(dossier_id, clock())
        rows = listed(session, filters, _answered(request, "saving"))
        previous, following = neighbours(rows, dossier_id, item_id)
        # the item shown once this one is answered (static/app.js shows it while the answer saves)
        after = next_after(rows, [r for r in rows if (r.dossier_id, r.item_id) != (dossier_id, item_id)],
                           dossier_id, item_id)
        query = urlencode(filters.query())
        quarantined = store.records.state(dossier_id) == FAILED
        t = translator(request.state.lang)
        held_by = holder if holder not in (None, session.account.name) else None
        may_answer = session.account.role in ANSWER and item.status == "open" and not quarantined \
            and session.account.name not in decisions.second_approval_barred(record, item) and held_by is None
        # approve and reject need no typing: their outcomes are shown with the page
        previews = {action: decisions.preview(record, item_id, action, session.account)
                    for action in decisions.ACTIONS if may_answer and action != "correct"
                    and (action != "approve" or decisions.can_approve(item))}
        answered = _answered(request)
        store.audit.append(session.account.actor, "review.item_viewed", dossier_id, item=item_id,
                           field=item.field, evidence=len(evidence))
        return page(request, "item.html", {
            "record": record, "item": item, "person": person, "evidence": evidence, "crops": crops(evidence),
            "pages": sorted({e.page for e in evidence}) or list(range(1, record.source.pages + 1)),
            "short_id": dossier_id[:12], "query": query,
            "previous": _item_url(previous, query), "next": _item_url(following, query),
            "may_answer": may_answer, "previews": previews, "against": judged_against(person, item, t),
            "can_approve": decisions.can_approve(item), "can_correct": decisions.can_correct(item),
            "show": lambda f, v: show(f, v, t), "error": error, "form": form or _form_defaults(item, person),
            "saved": request.query_params.get("saved"), "kinds": decisions.DISPOSITION_KINDS,
            "confidence": min((e.confidence for e in evidence if e.field == item.field), default=None),
            "quarantined": quarantined, "originals": originals_open(session, record),
            "may_break_glass": session.account.role in VIEW_ORIGINALS, "answered": answered,
            "may_undo": may_undo(session, answered),
            "undone": bool(request.query_params.get("undone")),
            "held_by": held_by, "claim": claim if claim and holder == session.account.name else None,
            "after_answer": _item_url(after, query) or f"/?{query}",
            "reviewers": [a.name for a in accounts.listing() if a.role in ANSWER and not a.disabled]
            if session.account.role in ANSWER and record.review.required else [],
            "claim_error": "claimed_by_other" if request.query_params.get("claim") == "claimed_by_other" else None,
        }, status=status, session=session, here=f"/items/{dossier_id}/{item_id}?{query}")

    @app.get("/items/{dossier_id}/{item_id}", response_class=HTMLResponse)
    def item(request: Request, session: Current, dossier_id: str, item_id: str, court: str = "",
             reason: str = "", status: str = "open") -> Response:
        allowed(store, session, VIEW_EVIDENCE, dossier_id)
        return item_page(request, session, dossier_id, item_id, filters_of(court, reason, status))

    @app.post("/items/{dossier_id}/{item_id}/preview")
    def answer_preview(request: Request, session: Current, form: CheckedForm, dossier_id: str,
                       item_id: str) -> Response:
        """The outcome a correction typed in the form would give, before it is sent (POST: the
        value may be a minor's birth date or ID number, which never goes into a URL)."""
        allowed(store, session, ANSWER, dossier_id)
        record, item_now = load(dossier_id, item_id)
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        t = translator(request.state.lang)
        try:
            value = decisions.parse_correction(item_now.field, fields)
            outcomes = decisions.preview(record, item_id, "correct", session.account, value=value)
        except decisions.ValidationError as exc:
            return JSONResponse({"error": t(exc.key)}, status_code=422)
        except decisions.ConflictError:
            return JSONResponse({"error": t("already_resolved")}, status_code=409)
        return JSONResponse({"outcomes": [
            {"person": o.person_id, "outcome": o.outcome, "label": t("outcome_" + o.outcome),
             "rules": list(o.rules), "second_check": t("second_check") if o.second_check else ""}
            for o in outcomes]})

    @app.post("/items/{dossier_id}/{item_id}/undo")
    def undo(session: Current, form: CheckedForm, dossier_id: str, item_id: str) -> Response:
        """Take back one's own answer just given; the item is shown open again."""
        allowed(store, session, ANSWER, dossier_id)
        load(dossier_id, item_id)
        filters = filters_of(str(form.get("f_court", "")), str(form.get("f_reason", "")),
                             str(form.get("f_status", "open")))
        try:
            decisions.undo(store, dossier_id, item_id, session.account)
        except decisions.ValidationError as exc:
            return PlainTextResponse(exc.key, status_code=422)
        except decisions.ConflictError:
            return PlainTextResponse("not answered", status_code=409)
        query = urlencode({**filters.query(), "undone": "1"})
        return RedirectResponse(f"/items/{dossier_id}/{item_id}?{query}", status_code=303)

    def form_filters(form: FormData) -> Filters:
        return filters_of(str(form.get("f_court", "")), str(form.get("f_reason", "")),
                          str(form.get("f_status", "open")))

    @app.post("/items/{dossier_id}/{item_id}/skip")
    def skip(session: Current, form: CheckedForm, dossier_id: str, item_id: str) -> Response:
        """Leave the item unanswered for now: it goes to the end of this reviewer's order, and
        the reviewer's claim of its dossier is let go; the next item is shown."""
        allowed(store, session, ANSWER, dossier_id)
        load(dossier_id, item_id)
        filters = form_filters(form)
        before = listed(session, filters)
        claims.skip(dossier_id, item_id, session.account.name, session.account.actor, clock())
        after = [r for r in listed(session, filters) if (r.dossier_id, r.item_id) != (dossier_id, item_id)]
        following = next_after(before, after, dossier_id, item_id)
        query = urlencode({**filters.query(), "skipped": f"{dossier_id}/{item_id}"})
        return RedirectResponse(f"/items/{following.dossier_id}/{following.item_id}?{query}" if following
                                else f"/?{urlencode(filters.query())}", status_code=303)

    @app.post("/dossiers/{dossier_id}/claim")
    def claim_dossier(session: Current, form: CheckedForm, dossier_id: str) -> Response:
        """Claim the dossier's open items until released (or CLAIM_FOR without an action)."""
        allowed(store, session, ANSWER, dossier_id)
        load_record(dossier_id)
        held = claims.take(dossier_id, session.account.name, session.account.actor, "claimed", clock())
        back = _local(str(form.get("next", "/")))
        if held.account != session.account.name:
            back += ("&" if "?" in back else "?") + "claim=claimed_by_other"
        return RedirectResponse(back, status_code=303)

    @app.post("/dossiers/{dossier_id}/release")
    def release_dossier(session: Current, form: CheckedForm, dossier_id: str) -> Response:
        """Let one's claim (or assignment) of the dossier go: another reviewer may take it."""
        allowed(store, session, ANSWER, dossier_id)
        load_record(dossier_id)
        claims.release(dossier_id, session.account.name, session.account.actor)
        return RedirectResponse(_local(str(form.get("next", "/"))), status_code=303)

    @app.post("/dossiers/{dossier_id}/assign")
    def assign_dossier(session: Current, form: CheckedForm, dossier_id: str) -> Response:
        """Assign the dossier to a reviewer (another or oneself): claimed for them, first in
        their order."""
        allowed(store, session, ANSWER, dossier_id)
        load_record(dossier_id)
        to = str(form.get("to", ""))
        target = accounts.get(to)
        if target is None or target.role not in ANSWER:
            return PlainTextResponse("not a reviewer's account", status_code=422)
        claims.assign(dossier_id, target.name, session.account.actor, clock())
        return RedirectResponse(_local(str(form.get("next", "/"))), status_code=303)

    # after /preview, /undo and /skip: the catch-all action route would answer them 404
    @app.post("/items/{dossier_id}/{item_id}/{action}")
    def answer(request: Request, session: Current, form: CheckedForm, dossier_id: str, item_id: str,
               action: str) -> Response:
        """Answer an item. static/app.js asks for JSON (Accept: application/json) and shows
        the next item meanwhile; a plain form post is answered with the next item's page."""
        allowed(store, session, ANSWER, dossier_id)
        if action not in decisions.ACTIONS:
            return PlainTextResponse("unknown action", status_code=404)
        filters = form_filters(form)
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        wants_json = "application/json" in request.headers.get("accept", "")
        t = translator(request.state.lang)

        def declined(key: str, status: int) -> Response:
            if wants_json:
                return JSONResponse({"error": t(key), "retry": False}, status_code=status)
            return item_page(request, session, dossier_id, item_id, filters, error=key, form=fields,
                             status=status)

        before = listed(session, filters)
        try:
            record, item_now = load(dossier_id, item_id)
            if item_now.status == "open" and claim_for(session, record, item_now, opened=False) \
                    not in (None, session.account.name):
                return declined("claimed_by_other", 409)
            value = decisions.parse_correction(item_now.field, fields) if action == "correct" else None
            result = decisions.resolve(store, dossier_id, item_id, action, session.account,  # type: ignore[arg-type]
                                       value=value, comment=fields.get("comment"))
        except decisions.ValidationError as exc:
            return declined(exc.key, 422)
        except decisions.ConflictError:
            return declined("already_resolved", 409)
        if wants_json:
            answered = find_item(result.record, item_id)
            return JSONResponse({
                "answered": f"{dossier_id}/{item_id}", "status": answered.status if answered else action,
                "label": t("status_" + answered.status) if answered else "",
                "outputs_written": result.outputs_written,
                "undo": bool(answered and decisions.can_undo(result.record, answered, session.account))})
        # the next item at once, with a way back to this answer (and to take it back)
        following = next_after(before, listed(session, filters), dossier_id, item_id)
        query = urlencode({**filters.query(), "saved": "written" if result.outputs_written else "1",
                           "answered": f"{dossier_id}/{item_id}"})
        shown = f"/items/{following.dossier_id}/{following.item_id}" if following else f"/items/{dossier_id}/{item_id}"
        return RedirectResponse(f"{shown}?{query}", status_code=303)

    # -- batch approval --------------------------------------------------------------------------
    @app.get("/batch", response_class=HTMLResponse)
    def batch(request: Request, session: Current, reason: str = "", court: str = "") -> Response:
        """Open items of one reason on one screen, each with its value, what it is judged against,
        its evidence and the outcome approval would give; the reviewer unticks what is wrong."""
        allowed(store, session, ANSWER)
        filters = Filters(court, reason, "open")
        if not reason:
            return RedirectResponse("/", status_code=303)
        t = translator(request.state.lang)
        entries = []
        for row in listed(session, filters):
            if len(entries) == BATCH_SIZE:
                break
            if store.records.state(row.dossier_id) == FAILED:
                continue
            record, item = load(row.dossier_id, row.item_id)
            if not decisions.can_approve(item):
                continue
            person = _person(record, item.person_id)
            entries.append({
                "row": row, "item": item, "value": show(item.field, item.value, t),
                "against": judged_against(person, item, t), "crops": len(crops(evidence_for(person, item))),
                "preview": decisions.preview(record, item.item_id, "approve", session.account)})
        store.audit.append(session.account.actor, "review.batch_viewed", None, rows=len(entries),
                           by_court=bool(court))
        return page(request, "batch.html", {"entries": entries, "filters": filters,
                                            "item_query": urlencode(filters.query())}, session=session)

    @app.post("/batch")
    def batch_approve(session: Current, form: CheckedForm) -> Response:
        """Approve the ticked items one by one, each exactly as a single approval (resolve)."""
        allowed(store, session, ANSWER)
        filters = Filters(str(form.get("court", "")), str(form.get("reason", "")), "open")
        done = refused = 0
        for key in form.getlist("item"):
            found = re.fullmatch(f"({_DOSSIER})/({_ITEM})", str(key))
            if found is None:
                continue
            record = store.records.load(found.group(1))
            item = find_item(record, found.group(2))
            if item is not None and item.status == "open" and \
                    claim_for(session, record, item, opened=False) not in (None, session.account.name):
                refused += 1          # another reviewer's claim holds it
                continue
            try:
                decisions.resolve(store, found.group(1), found.group(2), "approve", session.account)
                done += 1
            except (decisions.ValidationError, decisions.ConflictError):
                refused += 1          # answered meanwhile, quarantined, or barred: left as it is
        query = urlencode({**filters.query(), "approved": done, "refused": refused})
        return RedirectResponse(f"/?{query}", status_code=303)

    # -- images ----------------------------------------------------------------------------------
    @app.get("/items/{dossier_id}/{item_id}/evidence/{index:int}.png")
    def evidence_image(session: Current, dossier_id: str, item_id: str, index: int) -> Response:
        allowed(store, session, VIEW_ORIGINALS, dossier_id)
        record, item = load(dossier_id, item_id)
        if refused(session, record):
            raise Forbidden()
        found = crops(evidence_for(_person(record, item.person_id), item))
        if not 0 <= index < len(found):
            return PlainTextResponse("not found", status_code=404)
        png = crop_png(store.records.source_path(dossier_id), found[index])
        store.audit.append(session.account.actor, "review.evidence_viewed", dossier_id, item=item_id,
                           index=index, page=found[index][0].page)
        return Response(png, media_type="image/png")

    @app.get("/dossiers/{dossier_id}/pages/{number:int}", response_class=HTMLResponse)
    def whole_page(request: Request, session: Current, dossier_id: str, number: int, item: str = "") -> Response:
        allowed(store, session, VIEW_ORIGINALS, dossier_id)
        record = load_record(dossier_id)
        if not 1 <= number <= record.source.pages:
            return PlainTextResponse("not found", status_code=404)
        if refused(session, record):
            return break_glass_page(request, session, dossier_id, request.url.path
                                    + (f"?item={item}" if re.fullmatch(_ITEM, item) else ""), status=403)
        back = f"/items/{dossier_id}/{item}" if re.fullmatch(_ITEM, item) else "/"
        return page(request, "page.html", {
            "short_id": dossier_id[:12], "number": number, "pages": record.source.pages, "back": back,
            "image": f"/dossiers/{dossier_id}/pages/{number}.png" + (f"?item={item}" if back != "/" else ""),
            "dossier_id": dossier_id, "item_id": item if back != "/" else ""}, session=session)

    @app.get("/dossiers/{dossier_id}/pages/{number:int}.png")
    def page_image(session: Current, dossier_id: str, number: int, item: str = "") -> Response:
        allowed(store, session, VIEW_ORIGINALS, dossier_id)
        record = load_record(dossier_id)
        if refused(session, record):
            raise Forbidden()
        if not 1 <= number <= record.source.pages:
            return PlainTextResponse("not found", status_code=404)
        marked = find_item(record, item) if re.fullmatch(_ITEM, item) else None
        boxes = [e.bbox for e in evidence_for(_person(record, marked.person_id), marked)
                 if e.page == number] if marked else []
        png = page_png(store.records.source_path(dossier_id), number, boxes)
        store.audit.append(session.account.actor, "review.page_viewed", dossier_id, page=number)
        return Response(png, media_type="image/png")

    # -- sign-off of redacted copies (review.signoff) ------------------------------------------------
    app.include_router(signoff_router(store, page=page, current=current, checked_form=checked_form,
                                      allowed=allowed, originals_open=originals_open, clock=clock))
    return app


# -- sessions (module level: FastAPI resolves dependency annotations by name) --------------------------

def current(request: Request) -> Session:
    """The request's live session, or SignInRequired."""
    token = request.cookies.get(SESSION_COOKIE)
    session = request.app.state.accounts.session(token) if token else None
    if session is None:
        raise SignInRequired()
    return session


async def checked_form(request: Request, session: Annotated[Session, Depends(current)]) -> FormData:
    """The posted form, when it carries the session's CSRF token."""
    form = await request.form()
    if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf_token):
        raise Forbidden()
    return form


Current = Annotated[Session, Depends(current)]
CheckedForm = Annotated[FormData, Depends(checked_form)]


def allowed(store: Store, session: Session, roles: frozenset[str], dossier_id: str | None = None) -> None:
    if session.account.role not in roles:
        store.audit.append(session.account.actor, "review.access_denied", dossier_id)
        raise Forbidden()


# -- helpers -----------------------------------------------------------------------------------------

def _local(target: str) -> str:
    """Only paths on this site after sign-in: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _person(record: DecisionRecord, person_id: str | None) -> Any:
    if person_id is None:
        return None
    try:
        return record.person(person_id)
    except KeyError:
        return None


def _answered(request: Request, name: str = "answered") -> tuple[str, str] | None:
    """The item answered just before this page was shown (its dossier and item id): for the
    saved notice and its undo (`answered`), or left out of the page's list while it is
    saved in the background (`saving`)."""
    found = re.fullmatch(f"({_DOSSIER})/({_ITEM})", request.query_params.get(name, ""))
    return (found.group(1), found.group(2)) if found else None


def _count(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() else None


def _item_url(row: Any, query: str) -> str | None:
    return f"/items/{row.dossier_id}/{row.item_id}?{query}" if row is not None else None


def _form_defaults(item: ReviewItem, person: Any) -> dict[str, str]:
    """The correction form starts from the value as it stands."""
    if person is None:
        return {}
    current = person.to_dict().get(item.field)
    if item.field == "offence_dates" and current:
        first = current[0]
        return {"start": first["start"], "end": first["end"], "text": first["text"]}
    if item.field == "disposition" and current:
        return {"kind": current["kind"], "months": str(current["months"] or ""),
                "suspended": "on" if current["suspended"] else "",
                "probation_months": str(current["probation_months"] or ""),
                "test_period_months": str(current.get("test_period_months") or "")}
    if isinstance(current, bool):
        return {"value": "yes" if current else "no"}
    return {"value": "" if current is None else str(current)}
