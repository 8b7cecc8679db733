"""The server's digest thresholds reach a desk over the real sync (docs/digests.md): a server set
to escalate after 3 working days sends it in the reference, the desk keeps it, and its deadline
flag and start-of-day notice count with it instead of the default 2."""

from __future__ import annotations

from lapor_core.digests import Rules
from lapor_desk.models import sync_state
from tests.e2e.world import World
from tests.support.servers import start_server


def test_the_thresholds_of_the_server_reach_the_desk(tmp_path) -> None:
    srv = start_server(
        f"sqlite:///{tmp_path / 'lapor.sqlite3'}",
        tmp_path / "server",
        env={
            "LAPOR_SERVER_ESCALATE_AFTER_DAYS": "3",
            "LAPOR_SERVER_DIGEST_DUE_SOON_DAYS": "1",
        },
    )
    try:
        world = World(srv, tmp_path)
        world.create_reports(1)
        desk = world.desk("koord")
        with desk.store.read_conn() as conn:
            assert sync_state.deadline_rules(conn) == Rules()  # before the first sync: defaults
        assert desk.sync().error is None
        with desk.store.read_conn() as conn:
            assert sync_state.deadline_rules(conn) == Rules(due_soon_days=1, escalate_after_days=3)
    finally:
        srv.stop()
