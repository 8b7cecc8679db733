"""Open311 shapes (for the OpenAPI document and the JSON answers) and their limits.

See `__init__.py` of this package for the mapping of Open311 onto reports, and docs/api.md.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

CHANGESET = "2026-11-01T00:00:00+09:00"
MAX_REQUESTS = 1000
MAX_SPAN = timedelta(days=90)
MAX_DESCRIPTION = 4000
CLOSED_STATUSES = ("completed", "archived")
JSON_MEDIA_TYPE = "application/json"
XML_MEDIA_TYPE = "application/xml"

Format = Literal["json", "xml"]


class Open311Error(BaseModel):
    code: int
    description: str


class Endpoint(BaseModel):
    specification: str
    url: str
    changeset: str
    type: str
    formats: list[str]


class Discovery(BaseModel):
    changeset: str
    contact: str
    key_service: str
    jurisdiction_id: str = Field(description="pass it, or nothing, as jurisdiction_id")
    endpoints: list[Endpoint]


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[dict[str, Any]]


class ServiceRequest(BaseModel):
    service_request_id: str
    status: str = Field(description="open or closed")
    status_notes: str | None
    service_name: str | None
    service_code: str | None
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class CreatedRequest(BaseModel):
    service_request_id: str
    service_notice: str | None
    account_id: str | None
    reporter_token: str | None = Field(
        default=None,
        description="extension: lets the reporter reply or rate through another channel; once",
    )


class ServiceRequestUpdate(BaseModel):
    """One entry of a request's public conversation (the GeoReport v2 updates extension)."""

    update_id: str
    service_request_id: str
    status: str = Field(description="open or closed, after this update")
    updated_datetime: str
    description: str
    media_url: str | None


class CreatedUpdate(BaseModel):
    update_id: str
