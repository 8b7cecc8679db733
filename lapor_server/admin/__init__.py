"""Administration on the server (issue 15): accounts, OPDs and reference data, channels, the
calendar and the audit log, as service functions used alike by the admin API
(`lapor_server.routers.admin`), the admin ops of the op engine (`admin.ops`) and the
`lapor-server` CLI (`manage.py`), so every change is checked and audited in one place.
See docs/admin.md and docs/api.md, "Administration".
"""
