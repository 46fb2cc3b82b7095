"""The OCR engines' reading pool: every caller's items on one set of workers, a reader each."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from extractors.ocr.base import ReadingPool


class _Reader:
    made = 0
    lock = threading.Lock()

    def __init__(self) -> None:
        with _Reader.lock:
            _Reader.made += 1


def test_one_callers_items_run_on_every_worker_at_once() -> None:
    """A dossier alone (the last of a run) still keeps all workers busy: both items of one
    call are in a read together, or the barrier times out."""
    pool: ReadingPool[_Reader] = ReadingPool(_Reader, workers=2)
    together = threading.Barrier(2)
    readers = pool.map(lambda reader, item: (together.wait(timeout=10), reader)[1], [1, 2])
    assert readers[0] is not readers[1]


def test_callers_share_the_workers_and_their_readers() -> None:
    """Four dossiers in flight make no more readers (sessions, models) than the pool has
    workers, and each gets its results back in its own order."""
    _Reader.made = 0
    pool: ReadingPool[_Reader] = ReadingPool(_Reader, workers=2)
    with ThreadPoolExecutor(4) as callers:
        results = list(callers.map(lambda c: pool.map(lambda _, x: (c, x), range(10)), range(4)))
    assert results == [[(c, x) for x in range(10)] for c in range(4)]
    assert 1 <= _Reader.made <= 2


def test_chunks_cover_every_item_in_order() -> None:
    pool: ReadingPool[_Reader] = ReadingPool(_Reader, workers=3)
    for n in (0, 1, 2, 7):
        assert pool.map_chunks(lambda _, chunk: [x * 10 for x in chunk], list(range(n))) == [x * 10 for x in range(n)]
