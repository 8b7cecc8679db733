"""The Open311 endpoints: one declaration each, registering its `.json` and `.xml` forms.

`@endpoint(...)` takes a function that produces the answer's data (or raises `Refusal`) and adds
two routes, `<path>.json` (FastAPI's `response_model`) and `<path>.xml` (`encoding.xml_document`),
with the same parameters and documentation. Route names keep the old operation ids
(`list_requests`, `list_requests_xml`, …).
"""

# No `from __future__ import annotations`: FastAPI reads these signatures through the wrappers.

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from lapor_server.deps import Db, Now
from lapor_server.routers.open311 import create as creating
from lapor_server.routers.open311 import queries, updates
from lapor_server.routers.open311.encoding import (
    Refusal,
    XMLResponse,
    answer,
    json_errors,
    render_error,
    xml_document,
    xml_errors,
    xml_ok,
)
from lapor_server.routers.open311.schemas import (
    CreatedRequest,
    CreatedUpdate,
    Discovery,
    Format,
    Service,
    ServiceDefinition,
    ServiceRequest,
    ServiceRequestUpdate,
)

router = APIRouter(prefix="/open311/v2", tags=["open311"])


def _form_of(fn: Callable[..., Any], fmt: Format, root: str, status: int) -> Callable[..., Any]:
    """`fn` as the route of one format: its data rendered, its `Refusal` as an Open311 error."""
    if inspect.iscoroutinefunction(fn):

        async def route(**kwargs: Any) -> Any:
            try:
                data = await fn(**kwargs)
            except Refusal as exc:
                return render_error(fmt, exc.status, exc.description)
            return XMLResponse(xml_document(root, data), status) if fmt == "xml" else data

    else:

        def route(**kwargs: Any) -> Any:
            return answer(fmt, root, lambda: fn(**kwargs), status)

    functools.update_wrapper(route, fn)
    route.__signature__ = inspect.signature(fn).replace(return_annotation=Any)  # type: ignore[attr-defined]
    return route


def endpoint(
    method: str,
    path: str,
    *,
    root: str,
    model: Any,
    summary: str,
    errors: tuple[int, ...] = (),
    status_code: int = 200,
    openapi_extra: dict[str, Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `path.json` and `path.xml` for the data function this decorates."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        name = fn.__name__
        router.add_api_route(
            f"{path}.json",
            _form_of(fn, "json", root, status_code),
            methods=[method],
            name=name,
            response_model=model,
            status_code=status_code,
            summary=summary,
            responses=json_errors(*errors),
            openapi_extra=openapi_extra,
        )
        router.add_api_route(
            f"{path}.xml",
            _form_of(fn, "xml", root, status_code),
            methods=[method],
            name=f"{name}_xml",
            response_class=XMLResponse,
            status_code=status_code,
            summary=f"{summary}, XML",
            responses={**xml_ok(root, status_code), **xml_errors(*errors)},
            openapi_extra=openapi_extra,
        )
        return fn

    return register


def _jurisdiction(
    jurisdiction_id: str | None = Query(
        None, description="optional; only this server's own (see discovery) is accepted"
    ),
) -> str | None:
    """The `jurisdiction_id` query parameter (declared here once for every GET endpoint)."""
    return jurisdiction_id


Jurisdiction = Annotated[str | None, Depends(_jurisdiction)]


def _list_filters(
    service_request_id: str | None = Query(None, description="comma list; overrides the rest"),
    service_code: str | None = Query(None, description="comma list"),
    start_date: str | None = Query(None, description="ISO 8601 with zone"),
    end_date: str | None = Query(None, description="ISO 8601 with zone; at most 90 days"),
    status: str | None = Query(None, description="open, closed or open,closed"),
) -> None:
    """Declared (as plain text) for the OpenAPI document only: `queries.find_requests` reads and
    checks them, answering with Open311's error format rather than FastAPI's validation problem."""


ListFilters = Annotated[None, Depends(_list_filters)]


@endpoint(
    "GET", "/discovery", root="discovery", model=Discovery, summary="Open311 service discovery"
)
def discovery(request: Request) -> Any:
    return queries.discovery(request)


@endpoint(
    "GET",
    "/services",
    root="services",
    model=list[Service],
    summary="Services (categories)",
    errors=(404,),
)
def services(
    request: Request,
    jurisdiction_id: Jurisdiction,
    db: Db,
) -> Any:
    return queries.services(request, jurisdiction_id, db)


@endpoint(
    "GET",
    "/services/{service_code}",
    root="service_definition",
    model=ServiceDefinition,
    summary="Service definition (no extra attributes)",
    errors=(400, 404),
)
def service_definition(
    request: Request,
    service_code: str,
    jurisdiction_id: Jurisdiction,
    db: Db,
) -> Any:
    return queries.service_definition(request, service_code, jurisdiction_id, db)


@endpoint(
    "GET",
    "/requests",
    root="service_requests",
    model=list[ServiceRequest],
    summary="Service requests (public; never secret reports, never reporter identity)",
    errors=(400, 404),
)
def list_requests(
    request: Request,
    _filters: ListFilters,
    jurisdiction_id: Jurisdiction,
    db: Db,
    now: Now,
) -> Any:
    return queries.find_requests(request, jurisdiction_id, db, now)


@endpoint(
    "GET",
    "/requests/{service_request_id}",
    root="service_requests",
    model=list[ServiceRequest],
    summary="One service request by its id (the tracking id)",
    errors=(400, 404),
)
def get_request(
    request: Request,
    service_request_id: str,
    jurisdiction_id: Jurisdiction,
    db: Db,
) -> Any:
    return queries.one_request(request, service_request_id, jurisdiction_id, db)


@endpoint(
    "POST",
    "/requests",
    root="service_requests",
    model=list[CreatedRequest],
    summary="Create a service request (needs a channel api_key)",
    errors=(400, 403, 404),
    status_code=201,
    openapi_extra=creating.POST_BODY,
)
async def create_request(request: Request, db: Db, now: Now) -> Any:
    try:
        form = await creating.read_form(request)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise Refusal(400, f"unreadable request body: {str(exc)[:200]}") from None
    return await run_in_threadpool(creating.create, request, form, db, now)


def _update_filters(
    start_date: str | None = Query(None, description="ISO 8601 with zone (updated_datetime)"),
    end_date: str | None = Query(None, description="ISO 8601 with zone; at most 90 days"),
    service_request_id: str | None = Query(None, description="comma list"),
) -> None:
    """Declared for the OpenAPI document; `updates.find_updates` reads and checks them."""


UpdateFilters = Annotated[None, Depends(_update_filters)]


@endpoint(
    "GET",
    "/servicerequestupdates",
    root="service_request_updates",
    model=list[ServiceRequestUpdate],
    summary="Public updates of service requests in a time window (updates extension)",
    errors=(400, 404),
)
def list_updates(
    request: Request,
    _filters: UpdateFilters,
    jurisdiction_id: Jurisdiction,
    db: Db,
    now: Now,
) -> Any:
    return updates.find_updates(request, jurisdiction_id, db, now)


@endpoint(
    "POST",
    "/servicerequestupdates",
    root="service_request_updates",
    model=list[CreatedUpdate],
    summary="A citizen's update of a request: a reply, or a rating (needs a channel api_key)",
    errors=(400, 403, 404, 409),
    status_code=201,
    openapi_extra=updates.POST_UPDATE_BODY,
)
async def create_update(request: Request, db: Db, now: Now) -> Any:
    try:
        form = await creating.read_form(request)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise Refusal(400, f"unreadable request body: {str(exc)[:200]}") from None
    return await run_in_threadpool(updates.post_update, request, form, db, now)
