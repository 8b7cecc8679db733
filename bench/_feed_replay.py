"""A feed replay server for desk benchmarks: the change feed of a 100k-report officer profile,
served over HTTPS on 127.0.0.1 from pages encoded once, in a process of its own.

`python bench/_feed_replay.py --reports N --port-file FILE` builds (once, cached under
`.bench-data/feed-N/`) the feed pages from `_desk_profile.snapshots`, writes a CA for
127.0.0.1, serves `GET /api/v1/{health,reference,feed}` and a no-op `POST /api/v1/ops`, and writes
"PORT CA-PATH" into FILE when it is ready. It stands in for the central server so that a desk
benchmark measures the desk, not the server's database (bench/server_feed.py measures that).
"""

from __future__ import annotations

import argparse
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _desk_profile  # noqa: E402

PAGE = 1000


def build(count: int) -> Path:
    folder = _desk_profile.CACHE / f"feed-{count}"
    done = folder / "summary.json"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    pages = list(_desk_profile.pages(count, PAGE))
    total_versions = 0
    for n, page in enumerate(pages):
        total_versions += sum(s["version"] for s in page)
        body = {
            "items": [{"type": "report", "report": s} for s in page],
            "cursor": str(n + 1),
            "has_more": n + 1 < len(pages),
        }
        (folder / f"page-{n}.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    summary = {"count": count, "version_sum": total_versions, "pages": len(pages)}
    (folder / "reference.json").write_text(json.dumps(_desk_profile.reference()), "utf-8")
    done.write_text(json.dumps(summary), "utf-8")
    return folder


def serve(folder: Path, port_file: Path) -> None:
    import trustme

    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    pages = []
    for n in range(summary["pages"]):
        body = json.loads((folder / f"page-{n}.json").read_text("utf-8"))
        if not body["has_more"]:
            body["summary"] = {"count": summary["count"], "version_sum": summary["version_sum"]}
        pages.append(json.dumps(body, ensure_ascii=False).encode())
    reference = (folder / "reference.json").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, body: bytes, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/api/v1/health":
                self._send(b'{"status": "ok", "version": "replay"}')
            elif url.path == "/api/v1/reference":
                self._send(reference)
            elif url.path == "/api/v1/feed":
                after = parse_qs(url.query).get("after", ["0"])[0]
                index = int(after) if after.isdigit() else 0
                self._send(pages[min(index, len(pages) - 1)])
            else:
                self._send(b'{"title": "not found"}', 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self._send(b'{"results": []}')

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_path = folder / "replay-ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port_file.write_text(f"{server.server_address[1]} {ca_path}", "utf-8")
    server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--port-file", type=Path, required=True)
    args = parser.parse_args()
    serve(build(args.reports), args.port_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
