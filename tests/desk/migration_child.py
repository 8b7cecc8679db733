"""The desk process of the kill-during-encryption test: opens a plain profile with its new key
(the migration of `lapor_desk.models.encryption`) and SIGKILLs itself when the migration reaches
the step named on the command line, so the file system is left exactly as a crash there leaves it.

    python -m tests.desk.migration_child STORE_PATH KEY_HEX STEP
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from lapor_desk.models.encryption import open_encrypted


def main() -> None:
    path, key, wanted = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3]

    def step(name: str) -> None:
        if name == wanted:
            os.kill(os.getpid(), signal.SIGKILL)

    open_encrypted(path, key, step=step).close()
    print("COMPLETED", flush=True)


if __name__ == "__main__":
    main()
