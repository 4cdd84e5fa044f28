#!/usr/bin/env python3
"""Derives crates/persons/data/name-tokens-en-ar.tsv from the Wikidata person-name
token table (CC0): /work/shared/data/names/wikidata-person-name-tokens-en-ar.tsv.

Input lines: latin<TAB>arabic letters separated by spaces<TAB>count.
Output lines: latin<TAB>arabic word<TAB>count, Latin folded to ASCII lowercase,
sorted, only tokens of 2+ letters. The Rust side normalizes the Arabic again.

usage: derive_name_table.py [SRC] [DST]"""
import sys, unicodedata

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/names/wikidata-person-name-tokens-en-ar.tsv"
dst = sys.argv[2] if len(sys.argv) > 2 else "crates/persons/data/name-tokens-en-ar.tsv"
best = {}
for line in open(src, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 3:
        continue
    lat, ar, count = parts
    lat = unicodedata.normalize("NFKD", lat.lower())
    lat = "".join(c for c in lat if c.isascii() and c.isalpha())
    ar = ar.replace(" ", "")
    if len(lat) < 2 or len(ar) < 2 or not count.isdigit():
        continue
    key = (lat, ar)
    best[key] = best.get(key, 0) + int(count)
with open(dst, "w", encoding="utf-8") as out:
    out.write("# Derived from Wikidata person-name tokens (CC0) by eval/derive_name_table.py.\n")
    for (lat, ar), count in sorted(best.items()):
        out.write(f"{lat}\t{ar}\t{count}\n")
