"""Compressed feed pages kept in memory, for the many desks that read the same pages.

After a restore, a new OPD or a rollout, many desks make their first sync at about the same time:
every coordinator desk reads the same 100 pages, every officer of one OPD the same pages of that
OPD. Building a page (positions, ~2.8 MB of stored snapshots, one compression) is most of what a
page costs the server (bench/server_feed.py); the second desk gets the first one's bytes.

What a page holds depends only on: the feed's state (epoch, counter and tombstone floor — every
change of a report moves the counter, see `lapor_server.reports.next_seq`), the caller's role and,
for an officer, the OPD (`lapor_server.encoded`: the privacy rules are per role, the scope per
OPD), the cursor token it continues (which carries the chain's base), the page size and the
coding. That whole tuple is the key, so a page is never served to a role or OPD it was not built
for, and any change to the feed makes new keys (old entries simply age out).

Only pages with `has_more` are kept: the last page of a read carries the scope summary and the
reference-data fingerprint, which can change without the counter moving, and is small anyway.
Bounded by bytes (least recently used out first); `feed_cache_mb = 0` turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple


class PageKey(NamedTuple):
    epoch: str
    counter: int
    floor: str
    role: str
    agency_code: str | None
    after: str | None
    limit: int
    coding: str


class PageCache:
    """A byte-bounded LRU of compressed pages; safe to share between worker threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[PageKey, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: PageKey) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: PageKey, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:  # one huge page must not flush everything else
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._pages[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._pages:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def size_bytes(self) -> int:
        return self._bytes
