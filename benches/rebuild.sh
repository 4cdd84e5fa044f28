#!/usr/bin/env bash
# Rebuild speed and memory on the ANT corpus, against Tantivy's default analyzer, and
# query latency at scale.
#
#   benches/rebuild.sh            # 41,686 ANT articles
#   COPIES=10 benches/rebuild.sh  # the same, replicated ten times (~417k articles)
#
# Reads ../shared/data/news/*.jsonl.gz (not shipped with the repo). Writes into
# bench-data/rebuild-<copies>/. Figures go to stdout; BENCHMARKS.md quotes them.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared/data/news" ] || { echo "benches/rebuild.sh: ../shared/data/news not found" >&2; exit 2; }
copies=${COPIES:-1}
cargo build --release --quiet --bin khabar
cargo build --release --quiet -p khabar-index --example default_analyzer_rebuild
bin=target/release/khabar
data=bench-data/rebuild-$copies
cfg=$(mktemp); trap 'rm -f "$cfg"' EXIT   # built-in defaults, whatever config/ says
rm -rf "$data"; mkdir -p "$data"
khabar() { "$bin" --config "$cfg" --data-dir "$data/data" "$@"; }
peak() { awk -F': ' '/Maximum resident/ {printf "%.0f MiB", $2/1024}' "$1"; }
secs() { awk -F': ' '/Elapsed \(wall/ {print $2}' "$1"; }

python3 benches/ant_to_jsonl.py --copies "$copies" "$shared"/data/news/*.jsonl.gz > "$data/articles.jsonl"
n=$(wc -l < "$data/articles.jsonl")
echo "articles: $n"
/usr/bin/time -v "$bin" --config "$cfg" --data-dir "$data/data" import "$data/articles.jsonl" 2> "$data/import.time" >/dev/null || true
echo "import (store + index): $(secs "$data/import.time"), peak $(peak "$data/import.time")"
/usr/bin/time -v "$bin" --config "$cfg" --data-dir "$data/data" rebuild 2> "$data/rebuild.time"
grep '^rebuilt' "$data/rebuild.time"
echo "khabar rebuild: $(secs "$data/rebuild.time"), peak $(peak "$data/rebuild.time")"
/usr/bin/time -v target/release/examples/default_analyzer_rebuild "$data/data" 2> "$data/default.time"
echo "default analyzer rebuild: $(secs "$data/default.time"), peak $(peak "$data/default.time")"
du -sh "$data/data/index" "$data/data/store.sqlite"
# Query latency: 1,000 dev queries (500 headlines, 500 questions), in-process, default ranking.
{ head -n 500 "$shared/data/eval/news-known-item/queries.jsonl"; head -n 500 "$shared/data/eval/qa-passages/queries.jsonl"; } > "$data/queries.jsonl"
for round in 1 2; do  # the first round warms the page cache
  khabar search --batch "$data/queries.jsonl" --plain --limit 10 --format trec 2> "$data/latency.txt" > /dev/null
done
echo "query latency (1,000 queries, top 10, collapse on): $(tail -1 "$data/latency.txt")"
