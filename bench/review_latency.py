"""`python -m bench.review_latency`: how long a reviewer waits after answering.

An answer decides its dossier again; the last open item of a scanned dossier also writes
its outputs (OCR, redaction, leak check), which takes many seconds. The workbench sends
the answer in the background and shows the next item at once (review/static/app.js).
This measures both sides on a processed store of scanned synthetic dossiers:

- the store is made with `fengcun process` and `fengcun users add`, and served with
  `fengcun review serve` (uvicorn), each in its own process;
- headless Chromium (Playwright, Debian's chromium) signs in as a reviewer, opens the
  queue's first item and answers N items by keyboard (A, or a comment and Ctrl+Enter
  where nothing was extracted to approve), one after the other, as soon as each next
  item is shown;
- times are taken in the page (performance.now): from the answer's key to the next item
  in place, and from the key to the answer's line saying it is saved.

With --no-js the same answers are posted as plain forms (JavaScript off), where the next
item comes only once the answer is saved. A timing, not a test: nothing is asserted.

    python -m bench.review_latency [--dossiers 3] [--answers 6] [--seed 3] [--work DIR] [--no-js]
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "bench passphrase long enough"
COMMENT = "两份材料均不可信，需调取户籍证明"

# page instrumentation: the key of each answer, each time <main> is replaced, each save done
PROBE = """() => {
  window.__t = {keys: [], shown: [], saved: {}};
  document.addEventListener("keydown", (e) => {
    const actions = document.querySelector("main .actions");
    if (actions && (e.key === "a" || (e.key === "Enter" && e.ctrlKey))) {
      window.__t.keys.push([actions.dataset.label, performance.now()]);
    }
  }, true);
  new MutationObserver(() => window.__t.shown.push(performance.now()))
    .observe(document.body, {childList: true});
  new MutationObserver(() => {
    document.querySelectorAll("#saves .save.saved a.answered").forEach((a) => {
      if (!(a.textContent in window.__t.saved)) { window.__t.saved[a.textContent] = performance.now(); }
    });
  }).observe(document.getElementById("saves"), {subtree: true, childList: true, attributes: true});
}"""


def fengcun(*args: str, env: dict[str, str], stdin: str | None = None) -> None:
    """Run a `fengcun` command as an operator would."""
    subprocess.run([sys.executable, "-m", "flows.cli", *args], env=env, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL)


def build_store(work: Path, dossiers: int, seed: int, env: dict[str, str]) -> Path:
    """A store of scanned dossiers processed by `fengcun process`, each waiting for review
    (kept in `work` and reused: processing scans is the slow part)."""
    from synth.archive import generate

    template = work / "store"
    if template.exists():
        return template
    generate(work / "archive", dossiers, seed, scanned_fraction=1.0, defects_rate=1.0, tiff_fraction=0.0)
    started = time.perf_counter()
    # exit code 2 or more says some dossiers wait for review: that is what is wanted here
    subprocess.run([sys.executable, "-m", "flows.cli", "process", str(work / "archive"), "--store",
                    str(work / "building"), "--create"], env=env, check=False, stdout=subprocess.DEVNULL)
    print(f"processed {dossiers} scanned dossiers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    fengcun("users", "add", "bench.reviewer", "--role", "reviewer", "--store", str(work / "building"),
            "--password-stdin", env=env, stdin=PASSWORD + "\n")
    (work / "building").rename(template)
    return template


@contextlib.contextmanager
def serving(store: Path, env: dict[str, str]) -> Iterator[str]:
    """`fengcun review serve` on a free local port until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "flows.cli", "review", "serve", "--store", str(store),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the review app did not start")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def drive(url: str, answers: int, javascript: bool) -> dict[str, Any]:
    """Answer up to `answers` items in Chromium; the page's timings of each."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=javascript, locale="zh-CN").new_page()
            page.goto(url + "/login")
            page.fill("#account", "bench.reviewer")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.click("#queue a.item-link")
            return _answer_with_js(page, answers) if javascript else _answer_without_js(page, answers)
        finally:
            browser.close()


def _answer(page: Any) -> None:
    if page.is_enabled("main #approve"):
        page.keyboard.press("a")
    else:
        page.fill("main #comment", COMMENT)
        page.keyboard.press("Control+Enter")


def _answer_with_js(page: Any, answers: int) -> dict[str, Any]:
    page.evaluate(PROBE)
    for _ in range(answers):
        label = page.get_attribute("main .actions", "data-label") if page.locator("main .actions").count() else None
        if label is None:
            break
        _answer(page)
        page.wait_for_function("(label) => { const a = document.querySelector('main .actions');"
                               " return !a || a.dataset.label !== label; }", arg=label, timeout=600_000)
    given = page.evaluate("() => window.__t.keys.length")
    page.wait_for_function(f"() => Object.keys(window.__t.saved).length >= {given} || "
                           "document.querySelector('#saves .save.failed')", timeout=1_800_000)
    timings = page.evaluate("() => window.__t")
    shown, saved = [], []
    for label, key in timings["keys"]:
        shown.append(min(t for t in timings["shown"] if t > key) - key)
        if label in timings["saved"]:
            saved.append(timings["saved"][label] - key)
    return {"answers": len(timings["keys"]), "next_shown_ms": shown, "saved_ms": saved,
            "failed": page.locator("#saves .save.failed").count(),
            "failures": page.locator("#saves .save.failed").all_inner_texts()}


def _answer_without_js(page: Any, answers: int) -> dict[str, Any]:
    """Plain form posts: the browser shows the next item when the server answers the post,
    after the answer is saved; the two times are one."""
    waits = []
    for _ in range(answers):
        if not page.locator("main .actions").count():
            break
        before = page.url
        started = time.perf_counter()
        if page.is_enabled("main #approve"):
            page.click("main #approve")
        else:
            page.fill("main #comment", COMMENT)
            page.click("main #reject")
        page.wait_for_url(lambda u: u != before, timeout=600_000)
        page.wait_for_selector("main h1")
        waits.append((time.perf_counter() - started) * 1000)
    return {"answers": len(waits), "next_shown_ms": waits, "saved_ms": waits, "failed": 0, "failures": []}


def summary(values: list[float]) -> dict[str, float | None]:
    return {"median": round(statistics.median(values)) if values else None,
            "max": round(max(values)) if values else None}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review_latency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=3, help="scanned dossiers to process (default 3)")
    parser.add_argument("--answers", type=int, default=6, help="answers to give (default 6)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the processed store here and reuse it")
    parser.add_argument("--no-js", action="store_true", help="plain form posts (JavaScript off)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="review-latency-"))
    work.mkdir(parents=True, exist_ok=True)
    key_file = work / "master.key"
    if not key_file.exists():
        key_file.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        key_file.chmod(0o600)
    env = {**os.environ, "FENGCUN_KEY_FILE": str(key_file), "OMP_THREAD_LIMIT": "1"}
    env.pop("FENGCUN_MASTER_KEY", None)                # the work folder's key, not one from elsewhere
    template = build_store(work, args.dossiers, args.seed, env)
    copy = Path(tempfile.mkdtemp(prefix="review-latency-run-")) / "store"
    shutil.copytree(template, copy)
    try:
        with serving(copy, env) as url:
            figures = drive(url, args.answers, javascript=not args.no_js)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    report = {"mode": "plain form posts" if args.no_js else "background save (JavaScript)",
              "dossiers": args.dossiers, **figures,
              "next_shown": summary(figures["next_shown_ms"]), "saved": summary(figures["saved_ms"])}
    print(f"{report['mode']}: {figures['answers']} answers, {figures['failed']} failed saves")
    for failure in figures["failures"]:
        print(f"  failed: {failure}")
    print(f"  answer key -> next item shown: median {report['next_shown']['median']} ms, "
          f"max {report['next_shown']['max']} ms")
    print(f"  answer key -> answer saved:    median {report['saved']['median']} ms, max {report['saved']['max']} ms")
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
