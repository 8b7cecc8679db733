"""`AdminError`: a refused administrative change, with a reason code (`lapor_core.admin.
AdminReason` or `PayloadProblem`), one Indonesian sentence for the desk and one English
sentence for the `lapor-server` CLI (whose wording is public: docs/server.md)."""

from __future__ import annotations


class AdminError(ValueError):
    def __init__(
        self,
        reason: str,
        id_text: str,
        en_text: str | None = None,
        *,
        conflict: bool = False,
        version: int | None = None,
        status: int = 422,
    ):
        super().__init__(en_text or id_text)
        self.reason = reason
        self.id_text = id_text
        self.en_text = en_text or id_text
        #: a `conflict` (someone else changed it meanwhile) rather than a rejection
        self.conflict = conflict
        #: the target's current version (for a conflict)
        self.version = version
        #: the HTTP status when raised by the admin API
        self.status = status
