#!/usr/bin/env python3
"""A local feed server for the ingest load benchmark (standard library only).

Serves /feed/<i>.xml for i in [0, --feeds): RSS 2.0 with --items items each, whose
titles and bodies come from the ANT corpus (JSON lines, gzip), on 127.0.0.1 only.
Every feed has a fixed ETag and Last-Modified; a request whose If-None-Match or
If-Modified-Since matches gets 304 with no body (conditional GET).

GET /stats returns JSON counters (requests, 200s, 304s, body bytes sent);
GET /stats?reset=1 returns them and resets them.

Usage: feed_server.py --corpus ant.jsonl.gz --port-file PORT [--feeds 1000] [--items 50]
"""

import argparse
import gzip
import hashlib
import json
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

LAST_MODIFIED = formatdate(1_530_000_000, usegmt=True)


def load_corpus(path, limit):
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            body = d.get("body") or ""
            if body.strip():
                items.append((d.get("id", ""), d.get("title", ""), body, d.get("time_raw", "")))
            if len(items) >= limit:
                break
    return items


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = self.ok = self.not_modified = self.body_bytes = 0

    def snapshot(self):
        return {
            "requests": self.requests,
            "ok": self.ok,
            "not_modified": self.not_modified,
            "body_bytes": self.body_bytes,
        }


def make_handler(corpus, feeds, items, stats):
    n = len(corpus)

    def feed_xml(i):
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
            f"<title>Bench feed {i}</title><link>http://bench.example/{i}/</link>",
        ]
        for j in range(items):
            # Feed i shows corpus items i*items .. i*items+items-1 (wrapping): each
            # feed distinct, the corpus reused when 1000 x 50 exceeds it.
            art_id, title, body, date = corpus[(i * items + j) % n]
            paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())
            parts.append(
                "<item>"
                f"<guid isPermaLink=\"false\">bench-{i}-{j}-{escape(art_id)}</guid>"
                f"<title>{escape(title)}</title>"
                f"<link>http://bench.example/{i}/{j}</link>"
                f"<pubDate>{escape(date)}</pubDate>"
                f"<description>{escape(paras)}</description>"
                "</item>"
            )
        parts.append("</channel></rss>\n")
        return "".join(parts).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send_body(self, status, body, headers):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/stats"):
                with stats.lock:
                    snap = stats.snapshot()
                    if "reset=1" in self.path:
                        stats.reset()
                self.send_body(200, json.dumps(snap).encode(), {"Content-Type": "application/json"})
                return
            if not (self.path.startswith("/feed/") and self.path.endswith(".xml")):
                self.send_body(404, b"", {})
                return
            try:
                i = int(self.path[len("/feed/"):-len(".xml")])
            except ValueError:
                i = -1
            if not 0 <= i < feeds:
                self.send_body(404, b"", {})
                return
            etag = '"' + hashlib.sha1(f"{i}-{items}-{n}".encode()).hexdigest()[:16] + '"'
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (inm is not None and inm == etag) or (inm is None and ims == LAST_MODIFIED):
                with stats.lock:
                    stats.requests += 1
                    stats.not_modified += 1
                self.send_body(304, b"", validators)
                return
            body = feed_xml(i)
            with stats.lock:
                stats.requests += 1
                stats.ok += 1
                stats.body_bytes += len(body)
            self.send_body(200, body, {"Content-Type": "application/rss+xml; charset=utf-8", **validators})

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--port-file", required=True)
    args = ap.parse_args()
    corpus = load_corpus(args.corpus, args.feeds * args.items)
    stats = Stats()
    # Loopback only: this server must never be reachable from elsewhere.
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(corpus, args.feeds, args.items, stats))
    server.daemon_threads = True
    with open(args.port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
