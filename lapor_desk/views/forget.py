""" "Lupakan komputer ini" (forget this computer): the question before the desk destroys the
profile key and deletes the whole profile folder (docs/security.md, "A stolen desk PC").

Used when a PC is handed on, sold, or leaves the office. It is `lapor-desk logout --forget` in the
window: the token is revoked, the key destroyed (so any copy of the folder is unreadable), the
folder deleted and the computer no longer remembers the account. Unsent work would be lost with
the key, so the question counts it and offers to send it first; forgetting anyway is a separate,
explicitly named button, and the default is to cancel.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

Choice = Literal["forget", "send", "cancel"]


def ask_forget(parent: QWidget | None, unsent: int) -> Choice:
    """Ask the officer; "send" means: sync first, forget nothing now."""
    box = QMessageBox(parent)
    box.setObjectName("forgetComputer")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ForgetComputer", "Forget this computer"))
    box.setText(
        QCoreApplication.translate(
            "ForgetComputer",
            "Forget this computer? The key of the local data is destroyed and the whole folder "
            "of this account on this computer is deleted: the queue, the cached photos, drafts "
            "and templates. Nobody can read any copy of it afterwards.",
        )
    )
    details = QCoreApplication.translate(
        "ForgetComputer",
        "Use this when the computer is handed on or leaves the office. The next login here "
        "starts from zero and fetches the queue from the server again.",
    )
    send = None
    if unsent:
        details = (
            QCoreApplication.translate(
                "ForgetComputer",
                "%n item(s) have not been sent to the server yet and would be lost.",
                "",
                unsent,
            )
            + "\n\n"
            + details
        )
        send = box.addButton(
            QCoreApplication.translate("ForgetComputer", "Send first"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        send.setObjectName("sendFirst")
        forget = box.addButton(
            QCoreApplication.translate("ForgetComputer", "Forget and discard unsent"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
    else:
        forget = box.addButton(
            QCoreApplication.translate("ForgetComputer", "Forget this computer"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
    forget.setObjectName("forget")
    box.setInformativeText(details)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancel")
    box.setDefaultButton(send or cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is forget:
        return "forget"
    if send is not None and clicked is send:
        return "send"
    return "cancel"
