"""`GET /api/v1/reference`: agencies, districts, categories, labels, calendar extra days."""

from __future__ import annotations

from datetime import date, datetime

import orjson
from fastapi import APIRouter
from pydantic import BaseModel
from starlette.responses import Response

from lapor_server import reference
from lapor_server.deps import CurrentUser, Db, Now, Settings

router = APIRouter(prefix="/api/v1", tags=["reference"])


class CodeName(BaseModel):
    code: str
    name: str


class AgencyOut(CodeName):
    short_name: str
    kind: str
    district_code: str | None


class DistrictOut(CodeName):
    villages: list[str]
    population: int | None
    geo_name: str


class CategoryOut(CodeName):
    default_agency: str | None
    group: str | None


class CalendarDayOut(BaseModel):
    date: date
    name: str
    working: bool


class PartnerOut(CodeName):
    kind: str
    runs_lapor: bool


class DeadlineRulesOut(BaseModel):
    digest_due_soon_days: int
    escalate_after_days: int


class ReferenceOut(BaseModel):
    agencies: list[AgencyOut]
    districts: list[DistrictOut]
    categories: list[CategoryOut]
    classifications: list[CodeName]
    statuses: list[CodeName]
    channels: list[CodeName]
    archive_reasons: list[CodeName]
    calendar: list[CalendarDayOut]
    server_time: datetime
    partners: list[PartnerOut] = []
    #: the server's digest thresholds in working days (docs/digests.md); desks older than this
    #: field ignore it
    deadline_rules: DeadlineRulesOut | None = None


@router.get("/reference", response_model=ReferenceOut, summary="Reference data for the desk")
def get_reference(
    _user: CurrentUser,
    db: Db,
    now: Now,
    settings: Settings,
) -> Response:
    from lapor_server.digests.schedule import rules_of

    with db.read() as s:
        body = reference.reference_body(s, now, rules_of(settings).as_dict())
    return Response(orjson.dumps(body), media_type="application/json")
