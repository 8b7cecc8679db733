"""The centre at national scale (docs/pusat.md): 514 regions × 24 months of generated aggregates.

Setup (not measured): a centre server (`role = centre`, SQLite) holding 23 months of every
region's aggregates (bulk-loaded), the 514 regions registered with their own Ed25519 keys.

- `pusat_ingest` — project: a day's submissions from all 514 regions (this month's aggregate of
  each, signed), POSTed over one verified HTTPS connection and stored. limit: the floor of the
  same work — the same number of requests answered by the server's cheapest endpoint over the
  same connection, plus the same signatures verified and the same cells written with sqlite3
  `executemany` in one transaction. Target: ≤ 10 s.
- `pusat_map_query` — project: `GET /api/v1/centre/map` for twelve months (median of 7). limit:
  the same GROUP BY with sqlite3 plus one health round trip. Target: ≤ 200 ms.
- `pusat_first_paint` — project: the national map's first paint in a fresh widget: GeoJSON parsed,
  514 shapes projected, coloured and painted offscreen (1366×700). limit: parsing the same file
  and painting the same, already built, paths. Target: ≤ 1 s.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import info, result  # noqa: E402

GEOJSON = ROOT / "resources" / "maps" / "indonesia-kabkota.geojson"
MONTHS = 24
TARGETS = {"pusat_ingest": 10.0, "pusat_map_query": 200.0, "pusat_first_paint": 1000.0}


def regions() -> list[tuple[str, str]]:
    data = json.loads(GEOJSON.read_bytes())
    return [(f["properties"]["kode"], f["properties"]["nama"]) for f in data["features"]]


def months(count: int, today: date) -> list[str]:
    from lapor_server.pusat.aggregate import months_back

    return months_back(today, count)


def bulk_history(url: str, bodies: list[dict]) -> None:
    """Store aggregates as the ingest would, in one transaction (setup only)."""
    import sqlalchemy as sa

    from lapor_server.db import Database
    from lapor_server.pusat.centre import _OPEN
    from lapor_server.pusat.tables import CentreCell, CentrePeriod

    db = Database(url, pool_size=1)
    periods, cells = [], []
    for b in bodies:
        t = b["totals"]
        periods.append(
            {
                "region_code": b["region"],
                "period": b["period"],
                "version": 1,
                "as_of": date.fromisoformat(b["as_of"]),
                "total": t["total"],
                "open": sum(n for s, n in t["by_status"].items() if s in _OPEN),
                "overdue": t["overdue"],
                "responded": t["responded"],
                "within": t["within"],
                "measurable": t["measurable"],
                "median_days": None,
                "ratings": t["ratings"],
                "rating_sum": t["rating_sum"],
                "by_status": t["by_status"],
                "days": t["days"],
                "opd": [],
                "labels": b["labels"],
            }
        )
        cells.extend({"region_code": b["region"], "period": b["period"], **c} for c in b["cells"])
    with db.write() as s:
        s.execute(sa.insert(CentrePeriod), periods)
        s.execute(sa.insert(CentreCell), cells)
    db.dispose()


def main() -> int:
    import httpx
    import orjson

    from lapor_server import manage
    from lapor_server.db import Database, upgrade
    from lapor_server.pusat import centre, signing, synthetic
    from tests.support.servers import DEFAULT_PASSWORD, start_server

    today = datetime.now(UTC).date()
    all_regions = regions()
    codes = [c for c, _ in all_regions]
    span = months(MONTHS, today)
    tmp = Path(tempfile.mkdtemp(prefix="lapor-bench-pusat-"))
    try:
        url = f"sqlite:///{tmp / 'centre.sqlite3'}"
        upgrade(url)
        db = Database(url, pool_size=1)
        manage.add_user(db, username="pusat", role="pusat", password=DEFAULT_PASSWORD)
        keys = {}
        now = datetime.now(UTC)
        for code, name in all_regions:
            path = tmp / f"{code}.key"
            public = signing.generate(path)
            keys[code] = signing.load_private(path)
            centre.add_region(db, code=code, name=name, public_key=public, now=now)
        db.dispose()
        started = time.perf_counter()
        bodies = list(synthetic.aggregates(codes, span, seed=11, as_of=today))
        history = [b for b in bodies if b["period"] != span[-1]]
        daily = [b for b in bodies if b["period"] == span[-1]]
        bulk_history(url, history)
        cells = sum(len(b["cells"]) for b in bodies)
        info(
            f"setup: {len(codes)} regions × {len(span)} months = {len(bodies)} aggregates, "
            f"{cells} cells ({time.perf_counter() - started:.1f} s)"
        )
        srv = start_server(url, tmp / "server", env={"LAPOR_SERVER_ROLE": "centre"})
        try:
            token = srv.login("pusat", DEFAULT_PASSWORD)
            signed = []
            for b in daily:
                raw = orjson.dumps(b)
                signed.append((b["region"], raw, signing.sign(keys[b["region"]], raw)))
            with httpx.Client(base_url=srv.url, verify=srv.ssl_context(), timeout=60) as c:
                c.get("/api/v1/health")
                t0 = time.perf_counter()
                for region, raw, sig in signed:
                    r = c.post(
                        "/api/v1/centre/aggregates",
                        content=raw,
                        headers={
                            "Content-Type": "application/json",
                            signing.REGION_HEADER: region,
                            signing.SIGNATURE_HEADER: sig,
                        },
                    )
                    if r.status_code != 200 or r.json()["outcome"] != "stored":
                        raise SystemExit(f"ingest refused: {r.status_code} {r.text[:200]}")
                ingest = time.perf_counter() - t0
                # the floor: the same number of round trips to the cheapest endpoint ...
                t0 = time.perf_counter()
                for _ in signed:
                    c.get("/api/v1/health")
                trips = time.perf_counter() - t0
            # ... plus the signatures and the rows themselves
            t0 = time.perf_counter()
            for region, raw, sig in signed:
                signing.verify([signing.public_key_text(keys[region])], raw, sig)
            scratch = sqlite3.connect(tmp / "floor.sqlite3")
            scratch.execute(
                "CREATE TABLE c (r TEXT, p TEXT, a TEXT, b TEXT, s TEXT, ch TEXT, n INT, o INT)"
            )
            with scratch:
                scratch.executemany(
                    "INSERT INTO c VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (b["region"], b["period"], *(x[k] for k in ("category", "district")),
                         x["status"], x["channel"], x["n"], x["overdue"])
                        for b in daily
                        for x in b["cells"]
                    ],
                )  # fmt: skip
            scratch.close()
            floor = trips + time.perf_counter() - t0
            info(
                f"ingest of {len(daily)} daily aggregates: {ingest:.2f} s "
                f"(target ≤ {TARGETS['pusat_ingest']:.0f} s); floor {floor:.2f} s"
            )
            result("pusat_ingest", ingest, floor, "s")

            auth = {"Authorization": f"Bearer {token}"}
            year = {"from": span[-12], "to": span[-1], "measure": "overdue"}
            with httpx.Client(base_url=srv.url, verify=srv.ssl_context(), timeout=60) as c:
                c.get("/api/v1/centre/map", params=year, headers=auth)  # warm
                samples, trips = [], []
                for _ in range(7):
                    t0 = time.perf_counter()
                    r = c.get("/api/v1/centre/map", params=year, headers=auth)
                    samples.append(time.perf_counter() - t0)
                    assert r.status_code == 200 and len(r.json()["regions"]) == len(codes)
                    t0 = time.perf_counter()
                    c.get("/api/v1/health")
                    trips.append(time.perf_counter() - t0)
                drill = []
                for _ in range(5):
                    t0 = time.perf_counter()
                    c.get("/api/v1/centre/regions/94.04/districts", params=year, headers=auth)
                    drill.append(time.perf_counter() - t0)
            conn = sqlite3.connect(tmp / "centre.sqlite3")
            bare = []
            for _ in range(7):
                t0 = time.perf_counter()
                conn.execute(
                    "SELECT region_code, sum(total), sum(open), sum(overdue), sum(responded), "
                    "sum(within), sum(measurable), sum(ratings), sum(rating_sum), count(*) "
                    "FROM centre_periods WHERE period >= ? AND period <= ? GROUP BY region_code",
                    (year["from"], year["to"]),
                ).fetchall()
                conn.execute("SELECT code, name FROM centre_regions ORDER BY code").fetchall()
                bare.append(time.perf_counter() - t0)
            conn.close()
            query_ms = statistics.median(samples) * 1000
            limit_ms = (statistics.median(bare) + statistics.median(trips)) * 1000
            info(
                f"map query (12 months, 514 regions): {query_ms:.1f} ms (target ≤ 200 ms); "
                f"bare SQL + round trip {limit_ms:.1f} ms; drill-down "
                f"{statistics.median(drill) * 1000:.1f} ms"
            )
            result("pusat_map_query", query_ms, limit_ms, "ms")
            map_body = r.json()
        finally:
            srv.stop()
        paint_ms, paint_floor_ms = first_paint(map_body)
        info(f"first paint of the national map: {paint_ms:.0f} ms (target ≤ 1000 ms)")
        result("pusat_first_paint", paint_ms, paint_floor_ms, "ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def first_paint(map_body: dict) -> tuple[float, float]:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from lapor_desk.services.pusat import _figure
    from lapor_desk.views.pusat import map as national

    app = QApplication.instance() or QApplication([])
    figures = {r["code"]: _figure(r) for r in map_body["regions"]}
    national.load_shapes.cache_clear()
    t0 = time.perf_counter()
    widget = national.NationalMap()
    widget.resize(1366, 700)
    widget.set_figures(figures, "overdue")
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    widget.render_map(painter, QRectF(image.rect()))
    painter.end()
    project = (time.perf_counter() - t0) * 1000
    # floor: the parse, and painting the same paths once they exist
    t0 = time.perf_counter()
    json.loads(GEOJSON.read_bytes())
    parse = time.perf_counter() - t0
    shapes = national.load_shapes()
    transform = widget._transform(QRectF(image.rect()))
    t0 = time.perf_counter()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for shape in shapes:
        painter.setBrush(QColor("#fc8d59"))
        painter.drawPath(transform.map(shape.path))
    painter.end()
    floor = (parse + time.perf_counter() - t0) * 1000
    widget.deleteLater()
    app.processEvents()
    return project, floor


if __name__ == "__main__":
    raise SystemExit(main())
