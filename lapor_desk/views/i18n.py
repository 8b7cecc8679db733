"""Loading translations: Indonesian by default, English as the second language.

Source strings in the code are English (`self.tr()`, `QCoreApplication.translate()`); the
Indonesian text lives in `resources/i18n/lapor_id.ts`, compiled to `.qm` by
`lapor_desk.tools.build_translations`. Qt's own strings (dialog buttons, context menus) come from
Qt's `qtbase_<lang>.qm` when PySide6 ships one, and from our small `qt_extra_<lang>.ts` for the
standard buttons it does not.
The language is chosen at start; changing it in the settings takes effect after a restart.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from lapor_desk.views.resources import resources_dir

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "id"
#: Language code -> its own name, as the settings dialog lists them.
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_installed: list[QTranslator] = []


def install_translators(language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Install the translators for `language` on the running application; return what was loaded.

    Calling it again replaces the previous set (used by tests that switch language).
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language not in LANGUAGES:
        log.warning("unknown language %r; using %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    if language == "en":
        locale = QLocale(QLocale.Language.English, QLocale.Country.Indonesia)
    QLocale.setDefault(locale)

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    i18n = resources_dir() / "i18n"
    candidates = [
        (f"{qt_dir}/qtbase_{language}.qm", "qtbase"),
        (str(i18n / f"qt_extra_{language}.qm"), "qt_extra"),
        (str(i18n / f"lapor_{language}.qm"), "lapor"),
    ]
    loaded = []
    for path, name in candidates:
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(name)
    if language != "en" and "lapor" not in loaded:
        # A source checkout without built .qm files: say how to fix it instead of failing quietly.
        log.warning("no %s translation found in %s; run `make translations`", language, i18n)
    return loaded
