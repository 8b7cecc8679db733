"""`lapor-desk` / `python -m lapor_desk`: the GUI by default, headless commands otherwise
(see `lapor_desk.cli`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from lapor_desk.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
