#!/usr/bin/env bash
# Ingest load benchmark: 1,000 feeds x 50 items from a local server (bodies from the
# ANT corpus), ingested twice; the second pass measures conditional GET.
#
# Usage: benches/ingest_load.sh [FEEDS] [ITEMS]   (from the repository root)
# Needs: cargo, python3, /usr/bin/time; the ANT corpus at $ANT (default below).
set -euo pipefail

FEEDS=${1:-1000}
ITEMS=${2:-50}
ANT=${ANT:-../shared/data/news/ant-v2.1-multisource.jsonl.gz}
[ -f "$ANT" ] || ANT=/work/shared/data/news/ant-v2.1-multisource.jsonl.gz

cargo build --release --quiet
BIN=target/release/khabar
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 benches/feed_server.py --corpus "$ANT" --feeds "$FEEDS" --items "$ITEMS" \
  --port-file "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "feed server did not start" >&2; exit 1; }
PORT=$(cat "$WORK/port")
BASE="http://127.0.0.1:$PORT"

# All feeds share one host here: let per_host match the global concurrency, as it
# would be with many hosts.
cat > "$WORK/khabar.toml" <<TOML
version = 1
[ingest]
concurrency = 8
per_host = 8
TOML
for i in $(seq 0 $((FEEDS - 1))); do
  printf '[[feed]]\nurl = "%s/feed/%d.xml"\n\n' "$BASE" "$i"
done > "$WORK/feeds.toml"

export KHABAR_DATA_DIR="$WORK/data" KHABAR_CONFIG="$WORK/khabar.toml"
$BIN feeds load "$WORK/feeds.toml"

pass() {
  local n=$1
  python3 -c "import urllib.request;urllib.request.urlopen('$BASE/stats?reset=1').read()"
  local start end
  start=$(date +%s.%N)
  # Each stderr line stamped with the time it arrived: the per-feed lines come when
  # fetching and storing are done, "indexed" when the index is.
  /usr/bin/time -v $BIN ingest > "$WORK/ingest$n.out" \
    2> >(python3 -u -c 'import sys,time
for l in sys.stdin: sys.stdout.write(f"{time.time():.3f} {l}")' > "$WORK/ingest$n.ts") || true
  end=$(date +%s.%N)
  sleep 0.5
  cut -d' ' -f2- "$WORK/ingest$n.ts" > "$WORK/ingest$n.err"
  python3 - "$WORK/ingest$n.ts" "$start" <<'PY'
import sys
lines = [l.split(" ", 1) for l in open(sys.argv[1])]
start = float(sys.argv[2])
feed = next((float(t) for t, l in lines if l.startswith(("feed ", "error: feed "))), None)
index = next((float(t) for t, l in lines if l.startswith("indexed ")), None)
if feed and index:
    print(f"  fetch+parse+store+dedup {feed - start:.1f}s, index {index - feed:.1f}s")
for t, l in lines:
    if l.startswith("error") or "panicked" in l:
        print("  " + l.rstrip())
PY
  local stats
  stats=$(python3 -c "import urllib.request;print(urllib.request.urlopen('$BASE/stats').read().decode())")
  local new
  new=$( (grep -oE ': [0-9]+ new' "$WORK/ingest$n.err" || true) | awk '{s+=$2} END {print s+0}')
  local rss wall
  rss=$( (grep 'Maximum resident set size' "$WORK/ingest$n.err" || true) | awk '{print $NF}')
  # Wall time of the khabar process itself, from /usr/bin/time (h:mm:ss or m:ss).
  wall=$( (grep 'Elapsed (wall clock)' "$WORK/ingest$n.err" || true) | awk '{print $NF}' \
    | python3 -c "import sys
t = sys.stdin.read().strip() or '0'
s = 0.0
for part in t.split(':'): s = s * 60 + float(part)
print(f'{s:.2f}')")
  echo "pass $n: wall ${wall}s, new articles $new, $(python3 -c "print(f'{$new / max($wall, 0.01):.0f}')") articles/s, peak RSS ${rss} KiB, server: $stats"
  echo "pass $n: feeds failed: $( (grep -c '^error' "$WORK/ingest$n.err" || true) )"
  echo "$stats" > "$WORK/stats$n.json"
}
pass 1
pass 2
python3 - "$WORK/stats1.json" "$WORK/stats2.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
saved = a["body_bytes"] - b["body_bytes"]
print(f"conditional GET: pass 1 {a['body_bytes']} body bytes, pass 2 {b['body_bytes']} "
      f"({b['not_modified']} x 304 of {b['requests']}): {saved} bytes saved "
      f"({100 * saved / max(a['body_bytes'], 1):.1f}%)")
PY
ARTICLES=$(sqlite3 "$WORK/data/store.sqlite" 'SELECT COUNT(*) FROM articles' 2>/dev/null || echo '?')
DUPS=$(sqlite3 "$WORK/data/store.sqlite" 'SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL' 2>/dev/null || echo '?')
echo "store: $ARTICLES articles, $DUPS linked as near-duplicates"
