"""Deployment support for IT staff: machine configuration, self-test, update notices, logs.

No Qt at import time: these modules run in headless commands (`lapor-desk configure`,
`check-update`, `support-zip`) and in installers. The one Qt part, the self-test's translation and
icon check, imports PySide6 lazily inside a function (see `selftest.qt_checks`).
"""
