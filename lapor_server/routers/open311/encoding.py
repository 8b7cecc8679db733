"""Rendering Open311 answers: one data value, written as JSON or as the spec's XML.

XML follows the spec's element names (`<services><service>`, `<service_requests><request>`, …),
is built with `xml.etree.ElementTree`, UTF-8 with a declaration, `application/xml; charset=utf-8`;
null is an empty element, booleans are `true`/`false`. Text XML 1.0 cannot carry (C0 controls but
tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) becomes U+FFFD in XML only; CR is written as `&#13;`
so parsers do not fold CR LF into LF. Errors: JSON `[{"code", "description"}]`, XML
`<errors><error><code/><description/></error></errors>`, with that HTTP status.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from lapor_server.routers.open311.schemas import XML_MEDIA_TYPE, Format, Open311Error

ERROR_TEXT = {
    400: "bad request",
    403: "missing or invalid api_key (or: not this channel's request and no reporter_token)",
    404: "not found (also: another jurisdiction_id)",
    409: "the request takes no such update now (closed, archived, not final, rated)",
}

#: element name of a list's items (the spec's plural/singular pairs)
_ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
#: characters outside XML 1.0's `Char` production (C0 controls but tab/LF/CR, surrogates, FFFE/FFFF)
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class XMLResponse(Response):
    """An XML document (bytes, UTF-8, with its declaration)."""

    media_type = XML_MEDIA_TYPE

    def __init__(self, content: bytes, status_code: int = 200, headers: dict | None = None):
        super().__init__(
            content,
            status_code,
            headers={**(headers or {}), "Content-Type": f"{XML_MEDIA_TYPE}; charset=utf-8"},
        )


class Refusal(Exception):
    """An Open311 error answer (HTTP status and description), rendered in the endpoint's format."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _xml_text(value: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        tag = _ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    elif value is None:
        pass  # an empty element: null in the spec's JSON/XML mapping
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _xml_text(str(value))


def xml_document(root: str, data: Any) -> bytes:
    """`data` (models, dicts, lists, scalars) as an XML document with root element `root`."""
    element = ET.Element(root)
    _fill(element, data)
    body = ET.tostring(element, encoding="UTF-8", xml_declaration=True)
    # CR is legal but parsers turn CR LF into LF; a character reference keeps it. ElementTree
    # writes no CR of its own, so every CR byte here is one of the data's.
    return body.replace(b"\r", b"&#13;")


def render_error(
    fmt: Format, status: int, description: str, headers: dict[str, str] | None = None
) -> Response:
    """An Open311 error document in `fmt`."""
    if fmt == "xml":
        errors = [{"code": status, "description": description}]
        return XMLResponse(xml_document("errors", errors), status_code=status, headers=headers)
    # lone surrogates (echoed input) cannot be encoded as UTF-8 JSON
    text = _SURROGATE.sub("\ufffd", description)
    return JSONResponse(
        [{"code": status, "description": text}], status_code=status, headers=headers
    )


def answer(fmt: Format, root: str, produce: Callable[[], Any], status: int = 200) -> Any:
    """The data from `produce` in `fmt` (JSON: for FastAPI's response_model), or its refusal."""
    try:
        data = produce()
    except Refusal as exc:
        return render_error(fmt, exc.status, exc.description)
    if fmt == "xml":
        return XMLResponse(xml_document(root, data), status_code=status)
    return data


# --- OpenAPI documentation of both forms ---------------------------------------------------------


def json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"description": ERROR_TEXT[c], "model": list[Open311Error]} for c in codes}


def xml_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        c: {
            "description": ERROR_TEXT[c] + " (<errors><error><code/><description/></error>)",
            "content": {
                XML_MEDIA_TYPE: {
                    "schema": {"type": "string"},
                    "example": xml_document(
                        "errors", [{"code": c, "description": ERROR_TEXT[c]}]
                    ).decode(),
                }
            },
        }
        for c in codes
    }


def xml_ok(root: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": f"XML document, root element <{root}> (elements as in the JSON twin)",
            "content": {XML_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    }
