"""Entry script of the frozen desk (PyInstaller runs a script, not `python -m lapor_desk`).

Everything happens in `lapor_desk.__main__.main`: the GUI by default, the headless commands
(`configure`, `doctor`, `support-zip`, `check-update`, ...) and `--self-test`.
"""

from lapor_desk.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
