"""How the headless commands print: data to stdout, messages to stderr, in the chosen language;
the exit codes; and the one error for bad usage."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TextIO

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_OFFLINE, EXIT_AUTH, EXIT_TLS = 0, 1, 2, 3, 4, 5
#: `check-update` exit code when a newer desk is announced (distinct from the error codes)
EXIT_UPDATE_AVAILABLE = 10


class UsageError(Exception):
    """Bad input on the command line: one sentence, exit code 2."""

    def __init__(self, message_id: str, message_en: str):
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


@dataclass
class Out:
    """Where a command prints: data to stdout, messages to stderr, in the chosen language."""

    lang: str
    json: bool
    stdout: TextIO
    stderr: TextIO

    def say(self, text_id: str, text_en: str, *, err: bool = False) -> None:
        print(text_en if self.lang == "en" else text_id, file=self.stderr if err else self.stdout)

    def both(self, text_id: str, text_en: str) -> str:
        """Indonesian with English in parentheses (doctor), or English only with --lang en."""
        return text_en if self.lang == "en" else f"{text_id} ({text_en})"

    def data(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str), file=self.stdout)
        self.stdout.flush()


def slots_dict(obj: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict (for `--json`)."""
    return {k: getattr(obj, k) for k in obj.__slots__}
