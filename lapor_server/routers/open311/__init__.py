"""Open311 GeoReport v2, JSON and XML, under `/open311/v2/` for outside apps and channels.

Mapping (see docs/api.md):
- services = report categories (`service_code` = category code, `group` = the category's group);
- a service request = a report; `service_request_id` = the tracking id; `status` is `open` until
  the report is completed or archived, then `closed`; `agency_responsible` = the OPD's name;
  `expected_datetime` = the response deadline.

Privacy of the public reads: secret reports never appear, not even by id; reports not verified yet
are not listed and, asked for by id, show only their status; no reporter identity is ever output.

Every endpoint answers JSON at `….json` and XML at `….xml`, from the same data; errors use Open311's
own format (`encoding`). `jurisdiction_id` (setting `open311_jurisdiction_id`) is optional: absent,
empty or ours (case-insensitive) is accepted; another value is 404, as the spec says.

Modules: `schemas` (shapes, limits), `encoding` (JSON/XML rendering, errors), `queries` (the
format-free data of each read), `create` (POST), `routes` (one declaration per endpoint).
"""

from lapor_server.routers.open311.routes import router

__all__ = ["router"]
