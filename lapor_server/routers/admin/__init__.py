"""The admin API, `/api/v1/admin/...` (issue 15; docs/api.md, "Administration").

Reads only: every change is an admin op through `POST /api/v1/ops` (exactly once, versioned,
audited). An admin reads everything; a koordinator reads its remit (OPD officers' accounts and
devices, their audit entries, OPDs, categories, the calendar); every other role gets 403.
"""

from __future__ import annotations

from fastapi import APIRouter

from lapor_server.routers.admin import accounts, audit, channels, reference

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
for _module in (accounts, reference, channels, audit):
    router.include_router(_module.router)
