"""Work one step ahead on a helper thread: the next feed page downloads, or the next bootstrap
batch decodes, while the caller applies the current one (SQLite and zstd run without the
interpreter lock, so on two cores the two overlap: about max, not sum).

A subclass says what to produce (`_produce`, a generator run on the helper thread); iterating
yields it in order. A failure on the helper is raised by the iteration at the item where it
happened, so everything before it was handed over. Leaving the `with` (done, failed or
cancelled) stops the helper, even one blocked on a full queue.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import Any, Self


class Ahead:
    _DONE = object()

    def __init__(self, *, depth: int, name: str):
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _produce(self) -> Iterator[Any]:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():  # let a blocked put() finish, then the thread ends
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
            self._thread.join(timeout=0.05)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for item in self._produce():
                if not self._put(item):
                    return
            self._put(self._DONE)
        except BaseException as exc:  # handed to the iterating thread
            self._put(exc)

    def __iter__(self) -> Iterator[Any]:
        while True:
            item = self._queue.get()
            if item is self._DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
