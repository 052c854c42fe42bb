"""Token buckets, one per client, in the memory of one worker process.

A bucket holds at most ``burst`` tokens and refills at ``rate`` tokens per second; a request takes one token or
is refused with the time until one is there. Buckets are kept in least-recently-used order and the oldest are
dropped beyond ``max_clients`` — a dropped bucket comes back full, which only ever errs towards letting a rare
client through, while a flood of made-up keys cannot grow memory without bound.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBuckets:
    def __init__(self, *, rate: float, burst: int, max_clients: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._clock = clock
        # client -> (tokens, time of last refill)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when granted, else the seconds to wait until one is available."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                tokens -= 1.0
                wait = 0.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait

    def wait(self, client: str) -> float:
        """The seconds until ``client`` has a token, without taking one (0.0: it has one now)."""
        now = self._clock()
        with self._lock:
            state = self._buckets.get(client)
        if state is None:
            return 0.0
        tokens = min(float(self.burst), state[0] + (now - state[1]) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)
