#!/usr/bin/env python3
"""ANT corpus (../shared/data/news/*.jsonl.gz) -> `khabar import` JSON Lines on stdout.

usage: ant_to_jsonl.py [--copies N] FILE.jsonl.gz...
With --copies N, every article is written N times with distinct ids (id, id~2, ...),
to build larger indexes from the same text (the scale benchmark).
"""
import gzip, json, sys

args = sys.argv[1:]
copies = 1
if args[:1] == ["--copies"]:
    copies = int(args[1]); args = args[2:]
out = sys.stdout
for copy in range(1, copies + 1):
    for path in args:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                rec = {
                    "id": d["id"] if copy == 1 else f'{d["id"]}~{copy}',
                    "title": d.get("title") or "",
                    "body": d.get("body") or "",
                    "url": d.get("url"),
                    "published": d.get("time") or None,
                    "feed": d.get("source"),
                    "author": d.get("author") or None,
                }
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
