"""`make bench`: where a backfill's time and memory go, measured on one set of fresh pages.

One run generates a synthetic archive (fixed seed; every dossier as a text-layer
PDF, the first few also as 300 dpi-rendered scans), then measures on those very
pages:

  raw engines     Tesseract CLI (hOCR, chi_sim+eng, one process a page, 2 at once)
                  and PP-OCR through rapidocr, on the scans' page images
  ocrmypdf        the scanned PDFs, same languages, `-j 2`
  fengcun         `fengcun backfill` into a fresh store, per engine and for the
                  text-layer PDFs; ratio fengcun / raw engine, within the run
  memory          peak resident memory of the backfill's process tree, for the
                  text-layer row and for a large text-layer archive
  stages          the catalog's own stage timings, split finer by bench.probe
  start-up        `fengcun process` of one ~4-page text-layer file into a new store,
                  with Prefect's temporary server and with a running one

Timings are medians over repetitions (fewer for the OCR rows: say `--reps`).
Results go to bench/results/latest.json and a Markdown table on stdout.

    python -m bench.run [--quick] [--out FILE]
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench" / "results" / "latest.json"
SEED = 2026
LANGUAGES = "chi_sim+eng"          # what extractors.ocr.tesseract reads with
CORES = 2                          # the target machine; every row uses this many workers


@dataclass(frozen=True)
class Sizes:
    """How much each row processes; the full sizes fit 15 minutes on 2 quiet cores."""

    scanned_pages: int      # pages of scanned dossiers for every OCR row
    text_pages: int         # text-layer row, and the small memory point
    large_pages: int        # text-layer archive for the large memory point
    reps: int               # repetitions of the cheap row (raw Tesseract)
    ocr_reps: int           # repetitions of the rows that run rapidocr, ocrmypdf or fengcun


FULL = Sizes(scanned_pages=24, text_pages=100, large_pages=1000, reps=3, ocr_reps=1)
QUICK = Sizes(scanned_pages=1, text_pages=8, large_pages=16, reps=1, ocr_reps=1)


# -- the machine ---------------------------------------------------------------------------------
def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), None)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    tess = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_bytes": mem, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_start": os.getloadavg(),
            "tesseract": tess, **{k: _version(k) for k in ("fengcun", "rapidocr", "onnxruntime", "ocrmypdf",
                                                            "prefect", "pikepdf", "pypdfium2")}}


# -- the archive ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    scans: Path              # archive root holding only the scanned PDFs
    text_small: Path         # text-layer PDFs: the scanned dossiers' own, then more
    text_large: Path
    images: list[Path]       # every page of the scans, rendered at 300 dpi (what an engine sees)
    scanned_pages: int
    text_pages: int
    large_pages: int


def _pages(pdf: Path) -> int:
    import pikepdf
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def _link_prefix(files: list[Path], target_pages: int, into: Path, *, slack: int = 3) -> int:
    """Hard-link files into `into`, in order, until they hold at least `target_pages` pages;
    a file that would overshoot by more than `slack` pages is passed over while a later one
    may fit (a 10-page dossier would add a third to a 24-page OCR row, and its minutes).
    Return the pages."""
    into.mkdir(parents=True)
    chosen: list[Path] = []
    passed: list[Path] = []
    total = 0
    for f in files:
        if total >= target_pages:
            break
        pages = _pages(f)
        if total + pages > target_pages + slack:
            passed.append(f)
            continue
        chosen.append(f)
        total += pages
    for f in passed:
        if total >= target_pages:
            break
        chosen.append(f)
        total += _pages(f)
    for f in chosen:
        os.link(f, into / f.name)
    return total


def build_corpus(work: Path, sizes: Sizes) -> Corpus:
    """Synthetic dossiers from one seed: the scanned ones are the first of the text-layer ones."""
    import pypdfium2 as pdfium

    from synth import generate

    per_dossier = 6      # synth's dossiers average 6–7 pages; generate a little more than needed
    both = generate(work / "gen-both", sizes.scanned_pages // per_dossier + 2, SEED,
                    tiff_fraction=0.0, both=True)
    text = generate(work / "gen-text", max(sizes.text_pages, sizes.large_pages) // per_dossier + 4, SEED)
    scans = _link_prefix([p for p in both if p.name.endswith(".scan.pdf")], sizes.scanned_pages,
                         work / "scans")
    text_pages = _link_prefix(text, sizes.text_pages, work / "text-small")
    large_pages = _link_prefix(text, sizes.large_pages, work / "text-large")
    images: list[Path] = []
    (work / "images").mkdir()
    for pdf_path in sorted((work / "scans").glob("*.pdf")):
        pdf = pdfium.PdfDocument(pdf_path)
        for i in range(len(pdf)):
            image = work / "images" / f"{pdf_path.name.split('.')[0]}-{i + 1:03d}.png"
            pdf[i].render(scale=300 / 72).to_pil().convert("RGB").save(image)
            images.append(image)
        pdf.close()
    return Corpus(work / "scans", work / "text-small", work / "text-large", images,
                  scans, text_pages, large_pages)


# -- measuring a process tree --------------------------------------------------------------------
def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, from /proc (no psutil)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_tree_rss: int
    stdout: str


def timed(cmd: Sequence[str], env: dict[str, str] | None = None, poll_s: float = 0.2) -> Run:
    """Wall time of one command, and the peak summed RSS of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))  # type: ignore[union-attr]
    err: list[str] = []
    err_reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    err_reader.start()
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(poll_s)
    reader.join()
    err_reader.join()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 4):
        tail = "".join(err).strip().splitlines()[-3:]
        print(f"bench: {Path(cmd[0]).name} … exited {proc.returncode}: {' | '.join(tail)}", file=sys.stderr)
    return Run(seconds, proc.returncode, peak, "".join(out))


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def _fresh_env(**extra: str) -> dict[str, str]:
    """A fengcun command's environment for a new store: a fresh master key, the store's own
    SQLite catalog, no Prefect server unless `extra` names one, no telemetry."""
    env = _env(FENGCUN_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_TO_API_ENABLED="false")
    env.pop("FENGCUN_CATALOG_URL", None)
    env.pop("PREFECT_API_URL", None)
    env.update(extra)
    return env


# -- the rows ------------------------------------------------------------------------------------
def _row(name: str, pages: int, runs: list[dict[str, Any]], key: str = "seconds", **extra: Any) -> dict[str, Any]:
    ok = [r for r in runs if r.get("ok", True)]
    seconds = statistics.median(r[key] for r in ok) if ok else None
    return {"name": name, "pages": pages, "runs": runs, "median_seconds": seconds,
            "pages_per_second": round(pages / seconds, 3) if seconds else None, **extra}


def raw_tesseract(images: list[Path]) -> dict[str, Any]:
    """One `tesseract … hocr` process a page (the same hOCR with character boxes the engine asks for)."""
    def one(image: Path) -> int:
        return subprocess.run(["tesseract", str(image), "stdout", "-l", LANGUAGES, "-c", "hocr_char_boxes=1",
                               "hocr"], env=_env(), capture_output=True, check=False).returncode

    start = time.perf_counter()
    with ThreadPoolExecutor(CORES) as pool:
        codes = list(pool.map(one, images))
    return {"seconds": time.perf_counter() - start, "ok": not any(codes)}


def raw_rapidocr(images: list[Path]) -> dict[str, Any]:
    """rapidocr in one process with its default threads, as fengcun's backfill holds one engine."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.raw_ocr", *map(str, images)], env=_env(),
                          capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"seconds": wall, "ok": False}
    out = json.loads(proc.stdout)
    return {"seconds": wall, "ok": True, "load_seconds": out["load_seconds"], "ocr_seconds": out["ocr_seconds"]}


def ocrmypdf(scans: Path, work: Path) -> dict[str, Any]:
    """OCRmyPDF file by file, `-j 2` pages at once; plain PDF out (no PDF/A conversion)."""
    out = Path(tempfile.mkdtemp(dir=work, prefix="ocrmypdf-"))
    start = time.perf_counter()
    codes = [subprocess.run([sys.executable, "-m", "ocrmypdf", "-q", "-l", LANGUAGES, "-j", str(CORES),
                             "--output-type", "pdf", "--optimize", "0", str(pdf), str(out / pdf.name)],
                            env=_env(), capture_output=True, check=False).returncode
             for pdf in sorted(scans.glob("*.pdf"))]
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return {"seconds": seconds, "ok": not any(codes)}


_SUMMARY = re.compile(r"pages: (\d+); wall ([\d.]+) s; orchestration ([\d.]+) s")


def backfill(archive: Path, work: Path, engine: str | None) -> dict[str, Any]:
    """`fengcun backfill` (through bench.probe) into a fresh store, key and Prefect home."""
    run_dir = Path(tempfile.mkdtemp(dir=work, prefix="backfill-"))
    probe_out = run_dir / "probe.json"
    env = _fresh_env(PREFECT_HOME=str(run_dir / "prefect"))
    cmd = [sys.executable, "-m", "bench.probe", str(probe_out), "backfill", str(archive),
           "--store", str(run_dir / "store"), "--create", "--concurrency", "auto"]
    if engine:
        cmd += ["--ocr-engine", engine]
    run = timed(cmd, env)
    m = _SUMMARY.search(run.stdout)
    probe = json.loads(probe_out.read_text()) if probe_out.is_file() else {}
    result: dict[str, Any] = {"seconds": run.seconds, "ok": run.returncode in (0, 4) and m is not None,
                              "returncode": run.returncode, "peak_tree_rss_bytes": run.peak_tree_rss,
                              "peak_rss_bytes": probe.get("peak_rss_bytes"),
                              "pages": int(m.group(1)) if m else None,
                              "run_seconds": float(m.group(2)) if m else None,
                              "stages": stage_split(run_dir / "store" / "catalog.db", probe.get("probes", {})),
                              "counts": ocr_counts(probe.get("probes", {}))}
    shutil.rmtree(run_dir, ignore_errors=True)
    return result


def one_file(path: Path, work: Path, api_url: str | None) -> dict[str, Any]:
    """`fengcun process FILE` into a new store: the seconds until the command has printed its
    summary, with Prefect's temporary server (api_url None) or a running one."""
    run_dir = Path(tempfile.mkdtemp(dir=work, prefix="one-file-"))
    # without a server: a user's Prefect home, migrated once and kept
    env = _fresh_env(**({"PREFECT_API_URL": api_url} if api_url else {"PREFECT_HOME": str(work / "prefect-one-file")}))
    run = timed([sys.executable, "-m", "flows.cli", "process", str(path), "--store", str(run_dir / "store"),
                 "--create"], env)
    shutil.rmtree(run_dir, ignore_errors=True)
    return {"seconds": run.seconds, "ok": run.returncode in (0, 4) and _SUMMARY.search(run.stdout) is not None,
            "peak_tree_rss_bytes": run.peak_tree_rss}


def prefect_server(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A long-running local Prefect server, as docs/flows.md tells an operator to keep one."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _env(PREFECT_HOME=str(work / "prefect-server"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("bench: the Prefect server did not answer within 120 s")


def start_up(corpus: Corpus, work: Path, reps: int) -> dict[str, Any]:
    """One file of about 4 pages, as an operator processes a single dossier: the median of
    `reps` runs with the temporary server and with a running one (after one warm-up run each,
    which pays the first import of the code and the Prefect home's migration)."""
    files = sorted(corpus.text_small.glob("*.pdf"), key=lambda f: (abs(_pages(f) - 4), f.name))
    path = files[0]
    result: dict[str, Any] = {"pages": _pages(path)}
    server, url = prefect_server(work)
    try:
        for label, api in (("temporary Prefect server", None), ("running Prefect server", url)):
            one_file(path, work, api)
            runs = [one_file(path, work, api) for _ in range(reps)]
            ok = [r["seconds"] for r in runs if r["ok"]]
            result[label] = {"runs": runs, "median_seconds": round(statistics.median(ok), 2) if ok else None}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def ocr_counts(probes: dict[str, dict[str, int]]) -> dict[str, int]:
    """Pages read by OCR in the page stage, re-read the other way up, and re-read by the leak check."""
    first = probes.get("ocr", {}).get("pages", 0)
    return {"ocr_pages": first, "ocr_rereads": max(0, probes.get("turn", {}).get("calls", 0) - first),
            "leak_check_ocr_pages": max(0, probes.get("leak_check_ocr", {}).get("pages", 0))}


def stage_split(catalog: Path, probes: dict[str, dict[str, float]]) -> dict[str, float]:
    """The catalog's stage seconds (summed over dossiers), split with the probes' finer ones."""
    if not catalog.is_file():
        return {}
    with sqlite3.connect(catalog) as db:
        coarse = dict(db.execute("SELECT stage, SUM(seconds) FROM stage_timings GROUP BY stage").fetchall())
    p = {k: v["seconds"] for k, v in probes.items()}
    reading = sum(p.get(k, 0.0) for k in ("triage", "render", "prepare", "ocr"))
    redaction = sum(p.get(k, 0.0) for k in ("seal_encrypt", "notices", "verify_sealed", "redacted_copy",
                                            "leak_check_text", "leak_check_ocr"))
    split = {
        "hash": coarse.get("hash", 0.0),
        "triage": p.get("triage", 0.0),
        "pages, other (file, text layer)": max(0.0, coarse.get("pages", 0.0) - reading),
        "render": p.get("render", 0.0),
        "deskew, OSD": p.get("prepare", 0.0),
        "OCR": p.get("ocr", 0.0),
        "NLP": coarse.get("nlp", 0.0),
        "rules": coarse.get("rules", 0.0),
        "redacted copy": p.get("redacted_copy", 0.0),
        "leak check (text)": p.get("leak_check_text", 0.0),
        "leak check (re-OCR)": p.get("leak_check_ocr", 0.0),
        "sealing, encryption": p.get("seal_encrypt", 0.0),
        "notices": p.get("notices", 0.0),
        "verification": p.get("verify_sealed", 0.0) + coarse.get("verify", 0.0),
        "redaction, other": max(0.0, coarse.get("redaction", 0.0) - redaction),
        "catalog": coarse.get("catalog", 0.0),
        "orchestration": coarse.get("orchestration", 0.0),
    }
    return {k: round(v, 3) for k, v in split.items()}


def gpu_rows(work: Path) -> list[dict[str, Any]] | None:
    """The GPU engine's own benchmark (bench.gpu_ocr), only where CUDA is there."""
    try:
        import torch
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None
    out = work / "gpu.json"
    run = subprocess.run([sys.executable, "-m", "bench.gpu_ocr", "--pages", "128", "--out", str(out)],
                         env=_env(), cwd=ROOT, capture_output=True, text=True, check=False)
    if run.returncode != 0 or not out.is_file():
        return [{"error": f"bench.gpu_ocr exited {run.returncode}"}]
    text = out.read_text()
    try:
        rows = json.loads(text)
    except json.JSONDecodeError:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return rows if isinstance(rows, list) else [rows]


# -- the whole run -------------------------------------------------------------------------------
def _repeat(n: int, fn: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    return [fn() for _ in range(n)]


def _median_stages(runs: list[dict[str, Any]]) -> dict[str, float]:
    keys = runs[0].get("stages", {}).keys() if runs else ()
    return {k: round(statistics.median(r["stages"].get(k, 0.0) for r in runs), 3) for k in keys}


def measure(work: Path, sizes: Sizes, log: Callable[[str], None]) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                               "command": "python -m bench.run " + " ".join(sys.argv[1:]),
                               "machine": machine(), "sizes": asdict(sizes), "seed": SEED}
    log("generating the synthetic archive")
    t = time.perf_counter()
    corpus = build_corpus(work, sizes)
    results["generation_seconds"] = round(time.perf_counter() - t, 1)
    n_scan, images = corpus.scanned_pages, corpus.images
    rows: list[dict[str, Any]] = []

    log(f"raw Tesseract on {len(images)} page images")
    rows.append(_row("Tesseract CLI alone (hOCR, chi_sim+eng)", len(images),
                     _repeat(sizes.reps, lambda: raw_tesseract(images))))
    log("raw rapidocr")
    rows.append(_row("PP-OCR (rapidocr) alone", len(images), _repeat(sizes.ocr_reps, lambda: raw_rapidocr(images))))
    log("ocrmypdf")
    rows.append(_row("ocrmypdf -l chi_sim+eng -j 2", n_scan,
                     _repeat(sizes.ocr_reps, lambda: ocrmypdf(corpus.scans, work))))
    for engine in ("tesseract", "rapidocr"):
        log(f"fengcun backfill, scans, {engine}")
        runs = _repeat(sizes.ocr_reps, lambda engine=engine: backfill(corpus.scans, work, engine))
        rows.append(_row(f"fengcun backfill, scans, {engine}", n_scan, runs, stages=_median_stages(runs)))
    log("fengcun backfill, text-layer PDFs")
    # the leak check re-reads redacted pages with OCR, so this row costs as much as an OCR row
    runs = _repeat(sizes.ocr_reps, lambda: backfill(corpus.text_small, work, None))
    rows.append(_row("fengcun backfill, text-layer PDFs", corpus.text_pages, runs, stages=_median_stages(runs)))
    log(f"fengcun backfill, {corpus.large_pages} text-layer pages (memory)")
    large = [backfill(corpus.text_large, work, None)]
    rows.append(_row("fengcun backfill, text-layer PDFs, large", corpus.large_pages, large,
                     stages=_median_stages(large)))
    results["rows"] = rows
    log("fengcun process, one file (start-up)")
    results["start_up"] = start_up(corpus, work, sizes.reps)

    by = {r["name"]: r for r in rows}

    def ratio(num: str, den: str) -> float | None:
        a, b = by[num]["pages_per_second"], by[den]["pages_per_second"]
        return round(a / b, 3) if a and b else None

    def steady(num: str, den: str, key: str) -> float | None:
        """Without the fixed start-up on either side: fengcun's flow wall against the engine's OCR time."""
        a = [r for r in by[num]["runs"] if r.get("ok")]
        b = [r for r in by[den]["runs"] if r.get("ok")]
        if not a or not b:
            return None
        return round(statistics.median(r[key] for r in b) / statistics.median(r["run_seconds"] for r in a), 3)

    results["ratios"] = {
        "tesseract": ratio("fengcun backfill, scans, tesseract", "Tesseract CLI alone (hOCR, chi_sim+eng)"),
        "rapidocr": ratio("fengcun backfill, scans, rapidocr", "PP-OCR (rapidocr) alone"),
        "tesseract, start-up excluded": steady("fengcun backfill, scans, tesseract",
                                               "Tesseract CLI alone (hOCR, chi_sim+eng)", "seconds"),
        "rapidocr, start-up excluded": steady("fengcun backfill, scans, rapidocr", "PP-OCR (rapidocr) alone",
                                              "ocr_seconds"),
    }

    def peak(name: str) -> dict[str, Any]:
        """Peak of the whole tree (fengcun, Prefect's temporary server, Tesseract processes)
        and of fengcun's own process alone."""
        ok = [r for r in by[name]["runs"] if r.get("ok")]
        return {"pages": by[name]["pages"],
                "peak_tree_rss_bytes": max((r["peak_tree_rss_bytes"] for r in ok), default=None),
                "peak_rss_bytes": max((r["peak_rss_bytes"] or 0 for r in ok), default=None)}

    results["memory"] = {
        "text-layer small": peak("fengcun backfill, text-layer PDFs"),
        "text-layer large": peak("fengcun backfill, text-layer PDFs, large"),
        "scans, tesseract": peak("fengcun backfill, scans, tesseract"),
        "scans, rapidocr": peak("fengcun backfill, scans, rapidocr"),
    }
    gpu = gpu_rows(work)
    if gpu is not None:
        results["gpu"] = gpu
    results["machine"]["load_average_end"] = os.getloadavg()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    return results


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(results: dict[str, Any]) -> str:
    """The short table docs/benchmarks.md carries."""
    lines = ["| row | pages | runs | median s | pages/s | peak RSS MiB |", "|---|---:|---:|---:|---:|---:|"]
    for r in results["rows"]:
        rss = [x.get("peak_tree_rss_bytes") for x in r["runs"] if x.get("peak_tree_rss_bytes")]
        lines.append(f"| {r['name']} | {r['pages']} | {len(r['runs'])} | {_fmt(r['median_seconds'], 1)} | "
                     f"{_fmt(r['pages_per_second'])} | {_fmt(max(rss) / 2**20, 0) if rss else ''} |")
    lines += ["", "| ratio fengcun / raw engine | value |", "|---|---:|"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in results["ratios"].items()]
    lines += ["", "| peak resident memory | pages | process tree MiB | fengcun process MiB |", "|---|---:|---:|---:|"]
    for name, m in results["memory"].items():
        tree, own = m.get("peak_tree_rss_bytes"), m.get("peak_rss_bytes")
        lines.append(f"| {name} | {m['pages']} | {_fmt(tree / 2**20 if tree else None, 0)} | "
                     f"{_fmt(own / 2**20 if own else None, 0)} |")
    one = results["start_up"]
    lines += ["", f"| `fengcun process` of one {one['pages']}-page text-layer file | median s |", "|---|---:|"]
    lines += [f"| {k} | {_fmt(v['median_seconds'])} |" for k, v in one.items() if k != "pages"]
    staged = [r for r in results["rows"] if r.get("stages")]
    if staged:
        names = list(staged[0]["stages"])
        lines += ["", "Seconds per stage (summed over dossiers, median run):", "",
                  "| stage | " + " | ".join(r["name"].removeprefix("fengcun backfill, ") for r in staged) + " |",
                  "|---|" + "---:|" * len(staged)]
        for name in names:
            cells = []
            for r in staged:
                total = sum(r["stages"].values()) or 1.0
                v = r["stages"].get(name, 0.0)
                cells.append(f"{v:.1f} ({100 * v / total:.0f}%)")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        for key in ("ocr_pages", "ocr_rereads", "leak_check_ocr_pages"):
            cells = [str(r["runs"][0].get("counts", {}).get(key, "–")) for r in staged]
            lines.append(f"| {key.replace('_', ' ')} (first run) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repetition (about 2 minutes)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"results file (default {DEFAULT_OUT})")
    for name in Sizes.__dataclass_fields__:
        ap.add_argument(f"--{name.replace('_', '-')}", type=int, default=None, metavar="N",
                        help=f"override {name} (full run: {getattr(FULL, name)})")
    args = ap.parse_args(argv)
    base = QUICK if args.quick else FULL
    sizes = Sizes(**{k: getattr(args, k) if getattr(args, k) is not None else v for k, v in asdict(base).items()})

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="fengcun-bench-") as tmp:
        results = measure(Path(tmp), sizes, log)
    results["quick"] = args.quick
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_out, args.out)
    print(markdown(results))
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
