"""Benchmark: applying an initial sync of 100k report snapshots to the desk store.

Project: `bulk.upsert_reports` through `Store.write_conn()`, one transaction per 1000-report page
plus the cursor write (the sync pattern). Limit: the same rows, pre-built as tuples, inserted with
raw sqlite3 `executemany` into the same schema (reports, events, attachments and the FTS rows)
with the same pragmas and page transactions.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from lapor_desk.models import bulk
from lapor_desk.models.store import raw_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _store import key as store_key
from _store import mode, open_store

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PAGE = 1000
WORDS = (
    "jalan rusak berlubang kampung distrik mimika timika air bersih listrik padam "
    "sekolah guru puskesmas obat pelayanan lambat sampah menumpuk pasar banjir "
    "drainase jembatan putus lampu penerangan kantor dinas pupr kesehatan pendidikan "
    "warga mohon segera ditindaklanjuti terima kasih sudah lama belum diperbaiki "
    "kondisi sangat parah anak kesulitan musim hujan kwamki narama nawaripi kadun "
    "jaya wania kuala kencana agimuga jita mimika baru tembagapura "
).split()


def words(rng, n):
    return " ".join(
        rng.choice(WORDS) + (str(rng.randrange(1000)) if rng.random() < 0.1 else "")
        for _ in range(n)
    )


def snapshots(n):
    rng = random.Random(7)
    out = []
    for i in range(n):
        rid = f"{i:08x}-rep"
        events = [
            {
                "id": f"{rid}-e{k}",
                "kind": rng.choice(["verify", "dispatch", "respond", "note"]),
                "actor": "Petugas Dinas",
                "agency_code": "pupr",
                "text": words(rng, 20),
                "visibility": rng.choice(["public", "internal"]),
                "created_at": f"2026-0{1 + k}-1{k}T09:00:00+09:00",
                "attachments": [],
            }
            for k in range(3)
        ]
        atts = (
            [
                {
                    "sha256": f"{i:064x}",
                    "filename": "foto.jpg",
                    "media_type": "image/jpeg",
                    "size": 123456,
                }
            ]
            if rng.random() < 0.3
            else []
        )
        out.append(
            {
                "id": rid,
                "tracking_id": f"LPR-2026-{i:06d}",
                "title": words(rng, 8),
                "body": words(rng, 70),
                "classification": "pengaduan",
                "category_code": rng.choice(["infra", "kesehatan", "pendidikan"]),
                "district_code": rng.choice(["mimika-baru", "kuala-kencana", "agimuga"]),
                "village": "Kwamki",
                "address": "Jl. Budi Utomo",
                "lat": -4.5,
                "lon": 136.8,
                "incident_date": "2026-01-01",
                "submitted_at": f"2026-01-{1 + i % 28:02d}T08:00:00+09:00",
                "channel": "web",
                "status": "dispatched",
                "agency_code": "pupr",
                "version": 1,
                "is_anonymous": False,
                "is_secret": False,
                "reporter": {"name": "Yohanes"},
                "deadlines": {
                    "verify_by": "2026-01-04",
                    "dispatch_by": "2026-01-07",
                    "respond_by": "2026-01-14",
                    "closes_at": None,
                },
                "events": events,
                "attachments": atts,
            }
        )
    return out


def project(path, snaps, index):
    store = open_store(path)
    started = time.perf_counter()
    for p in range(0, len(snaps), PAGE):
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, snaps[p : p + PAGE], index=index)
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('cursor', ?)", (str(p),)
            )
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def raw(path, snaps, fts):
    open_store(path).close()  # same schema (and key)
    pages = []
    for p in range(0, len(snaps), PAGE):
        page = snaps[p : p + PAGE]
        reps = [bulk._report_row(s) for s in page]
        evs = [row for s in page for row in bulk._event_rows(s)]
        atts = [
            (s["id"], a["sha256"], a["filename"], a["media_type"], a["size"], None, 0)
            for s in page
            for a in s["attachments"]
        ]
        ftsrows = [
            (
                p + k + 1,
                s["title"],
                s["body"],
                "\n".join(e["text"] for e in s["events"] if e["visibility"] == "public"),
            )
            for k, s in enumerate(page)
        ]
        pages.append((reps, evs, atts, ftsrows, str(p)))
    conn = raw_connect(path, store_key(), isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"):
        conn.execute(f"PRAGMA {pragma}")
    rcols = ", ".join(bulk.REPORT_COLUMNS)
    started = time.perf_counter()
    for reps, evs, atts, ftsrows, cursor in pages:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            f"INSERT INTO reports ({rcols}) VALUES ({', '.join('?' * len(bulk.REPORT_COLUMNS))})",
            reps,
        )
        conn.executemany(
            f"INSERT INTO events ({', '.join(bulk.EVENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(bulk.EVENT_COLUMNS))})",
            evs,
        )
        if atts:
            conn.executemany("INSERT INTO attachments VALUES (?,?,?,?,?,?,?)", atts)
        if fts:
            conn.executemany(
                "INSERT INTO report_fts(rowid, title, body, responses) VALUES (?,?,?,?)", ftsrows
            )
        conn.execute(
            "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('cursor', ?)", (cursor,)
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main():
    snaps = snapshots(N)
    size = sum(len(json.dumps(s)) for s in snaps[:1000]) / 1000
    print(f"{N} snapshots, {size:.0f} bytes of JSON each on average, pages of {PAGE}")
    print(f"store: {mode()} (LAPOR_BENCH_PLAIN=1 for the plain baseline)")
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        r_fts = raw(d / "raw_fts.sqlite3", snaps, True)
        p_fts = project(d / "proj_fts.sqlite3", snaps, True)
        r_nofts = raw(d / "raw.sqlite3", snaps, False)
        p_defer = project(d / "proj_defer.sqlite3", snaps, False)
        s = open_store(d / "proj_defer.sqlite3")
        t = time.perf_counter()
        from lapor_desk.models import search

        while True:
            with s.write_conn() as c:
                if not search.reindex_pending(c, 5000):
                    break
        catch = time.perf_counter() - t
        s.close()
    print(
        f"with FTS:      project {p_fts:.2f} s, raw executemany {r_fts:.2f} s, "
        f"ratio {p_fts / r_fts:.2f}"
    )
    print(
        f"deferred FTS:  project {p_defer:.2f} s, raw executemany without FTS {r_nofts:.2f} s, "
        f"ratio {p_defer / r_nofts:.2f}; index catch-up afterwards {catch:.2f} s"
    )
    print(
        f"RESULT name=store_initial_upsert project={p_fts:.3f} limit={r_fts:.3f} "
        f"ratio={p_fts / r_fts:.2f} unit=s"
    )


if __name__ == "__main__":
    main()
