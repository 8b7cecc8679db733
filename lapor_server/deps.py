"""Small FastAPI dependencies shared by the routers: database, settings, clock."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from lapor_server.config import ServerSettings
from lapor_server.db import Database


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_now(request: Request) -> datetime:
    """The current time (aware, UTC) from the app's clock, so tests can move time."""
    return request.app.state.clock()
