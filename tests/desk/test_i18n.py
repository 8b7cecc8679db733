"""Every user-visible string of the desk's Qt code has a finished Indonesian translation, the
placeholders survive translation, and the translators really switch the running desk.

The check runs `pyside6-lupdate` over the current sources into a copy of `lapor_id.ts`, so a new
`tr()` string that nobody translated fails here, not in front of an officer.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lapor_desk.tools import build_translations

I18N = build_translations.I18N_DIR
_PLACEHOLDER = re.compile(r"%\d|%n|\{[a-z_]+\}|&&")


@pytest.fixture(scope="module")
def current_ts(tmp_path_factory):
    """lapor_id.ts updated from the sources as they are now (the committed file is not touched)."""
    ts = tmp_path_factory.mktemp("i18n") / "lapor_id.ts"
    shutil.copy(I18N / "lapor_id.ts", ts)
    build_translations.update([ts])
    return ET.parse(ts)


def messages(tree):
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            yield name, m


def test_every_string_has_a_finished_indonesian_translation(current_ts):
    missing = []
    for context, m in messages(current_ts):
        tr = m.find("translation")
        forms = [f.text for f in tr.iter("numerusform")] if m.get("numerus") == "yes" else [tr.text]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            missing.append(f"{context}: {m.findtext('source')!r}")
    assert not missing, "untranslated in resources/i18n/lapor_id.ts:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders(current_ts):
    broken = []
    for context, m in messages(current_ts):
        source = m.findtext("source")
        tr = m.find("translation")
        forms = [f.text for f in tr.iter("numerusform")] if m.get("numerus") == "yes" else [tr.text]
        for form in forms:
            if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(form or "")):
                broken.append(f"{context}: {source!r} -> {form!r}")
    assert not broken, "\n".join(broken)


def test_the_sources_have_strings_to_check(current_ts):
    contexts = {c for c, _m in messages(current_ts)}
    assert {"MainWindow", "Composer", "LoginDialog", "Labels", "ReportView"} <= contexts


@pytest.fixture
def language(qapp):
    from lapor_desk.views.i18n import install_translators

    build_translations.release()
    yield install_translators
    install_translators("id")


def test_indonesian_is_the_default_and_english_is_selectable(qtbot, runner, desk_context, language):
    from PySide6.QtCore import QCoreApplication

    from lapor_desk.views.labels import queue_view_label, status_label
    from lapor_desk.views.main_window import MainWindow

    assert "lapor" in language("id")
    assert status_label("dispatched") == "Belum Ditindaklanjuti"
    assert queue_view_label("follow_up") == "Perlu tindak lanjut"
    # Qt's own standard buttons come out in Indonesian too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    w = MainWindow(desk_context(), runner=runner)
    qtbot.addWidget(w)
    assert w.sync_action.text() == "Sinkron sekarang"
    assert w.composer.public_button.text() == "Tanggapan publik"
    assert w.composer.internal_button.text() == "Catatan internal"
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)

    language("en")
    assert status_label("dispatched") == "Not yet followed up"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def _tr_calls():
    """(context or None, source) of every tr()/translate() call with a literal, found with the
    Python parser, which also sees calls inside f-strings that lupdate skips."""
    import ast

    for path in build_translations.source_files():
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            args = node.args
            if node.func.attr == "tr" and args and isinstance(args[0], ast.Constant):
                yield None, args[0].value, path
            elif (
                node.func.attr == "translate"
                and len(args) >= 2
                and all(isinstance(a, ast.Constant) for a in args[:2])
            ):
                yield args[0].value, args[1].value, path


def test_no_string_escapes_the_translation_file(current_ts):
    known = {(c, m.findtext("source")) for c, m in messages(current_ts)}
    sources = {s for _c, s in known}
    missing = [
        f"{path}: {source!r}"
        for context, source, path in _tr_calls()
        if (context is None and source not in sources)
        or (context is not None and (context, source) not in known)
    ]
    assert not missing, "strings lupdate did not extract (inside an f-string?):\n" + "\n".join(
        missing
    )
