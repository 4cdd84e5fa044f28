#!/usr/bin/env python3
"""Feed server for benches/run_load.sh: N RSS feeds on 127.0.0.1 that publish over time.

Feed f publishes item k at START + f*PERIOD/N + k*PERIOD (staggered); each response
holds the feed's 20 newest items published so far, with bodies taken in turn from
ant-v2.1-multisource (../shared). Every body carries the marker word `khabarbench`
so one search finds every benchmark article. Every served item (id, pubDate) is
written to published.tsv so the poller can compute publication-to-search delays.
"""
import email.utils, gzip, html, json, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

port, nfeeds, period, corpus = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
docs = []
with gzip.open(corpus, "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        docs.append((d.get("title", ""), d.get("body") or d.get("abstract") or ""[:1500]))
        if len(docs) >= 20000:
            break
START = time.time()
lock = threading.Lock()

def item(f, k):
    t = START + f * period / nfeeds + k * period
    title, body = docs[(f * 7919 + k) % len(docs)]
    guid = f"bench-{f}-{k}"
    return t, (f"<item><guid>{guid}</guid><title>{html.escape(title)} {f}-{k}</title>"
               f"<link>http://bench.local/{f}/{k}</link>"
               f"<description>{html.escape(body)} khabarbench</description>"
               f"<pubDate>{email.utils.formatdate(t, usegmt=True)}</pubDate></item>")

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        try:
            f = int(self.path.strip("/").split(".")[0].lstrip("f"))
        except ValueError:
            self.send_error(404); return
        now = time.time()
        newest = int((now - START - f * period / nfeeds) // period)
        items = [item(f, k) for k in range(max(0, newest - 19), newest + 1)] if newest >= 0 else []
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                f"<title>bench {f}</title>" + "".join(x for _, x in reversed(items)) +
                "</channel></rss>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
