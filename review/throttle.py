"""Throttling of sign-in attempts per client address, in the review app's memory.

The account lockout (archive.accounts) stops guessing at one account; this stops
one address from guessing at many accounts, or from spending the server's
memory on argon2 with a flood of attempts. An address may have `limit` sign-in
attempts in any `window` (a sliding window, not a fixed interval); each attempt
takes a slot before its password is checked, so attempts sent in parallel
cannot all slip past the count, and a successful sign-in gives its slot back.
The state lives in the process: it starts empty when the app restarts, and
behind a reverse proxy every client has the proxy's address (the app sees
`request.client.host`), so all of them share one window there.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SignInThrottle:
    """A sliding window of sign-in attempts per address; safe across the app's threads."""

    def __init__(self, limit: int = 10, window: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._attempts: dict[str, deque[float]] = {}

    def reserve(self, address: str) -> float:
        """Take a slot for one attempt from `address`: 0 when taken, else the seconds until one frees."""
        now = self._clock()
        with self._lock:
            attempts = self._attempts.setdefault(address, deque())
            while attempts and attempts[0] <= now - self.window:
                attempts.popleft()
            if len(attempts) >= self.limit:
                return attempts[0] + self.window - now
            attempts.append(now)
            self._forget_idle(now)
            return 0.0

    def release(self, address: str) -> None:
        """Give back the newest slot of `address` (its attempt signed in)."""
        with self._lock:
            attempts = self._attempts.get(address)
            if attempts:
                attempts.pop()

    def _forget_idle(self, now: float) -> None:
        """Drop addresses with no attempt in the window, so the table does not grow without end."""
        if len(self._attempts) > 4 * 1024:
            for address in [a for a, q in self._attempts.items() if not q or q[-1] <= now - self.window]:
                del self._attempts[address]
