#!/usr/bin/env bash
# Load benchmark of `khabar run`: 1,000 feeds on a local server publishing new items
# over time; the daemon runs for DURATION seconds with short intervals. Reports
# fetches/s, CPU, peak memory (/usr/bin/time -v) and publication-to-searchable
# delay (p50/p95, measured by polling `khabar search` every second).
# Needs a release build (cargo build --release) and ../shared/data/news.
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS=${FEEDS:-1000} DURATION=${DURATION:-180} PERIOD=${PERIOD:-60} PORT=${PORT:-18765}
BIN=target/release/khabar
OUT=${OUT:-bench-data/run-load}
rm -rf "$OUT"; mkdir -p "$OUT"
CORPUS=${CORPUS:-../shared/data/news/ant-v2.1-multisource.jsonl.gz}
python3 benches/run_load_server.py "$PORT" "$FEEDS" "$PERIOD" "$CORPUS" & SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
cat > "$OUT/khabar.toml" <<TOML
version = 1
[ingest]
concurrency = 32
per_host = 1000   # every bench feed is on 127.0.0.1
[run]
interval_secs = 30
min_interval_secs = 10
jitter_percent = 10
poll_secs = 5
commit_every_articles = 2000
commit_every_secs = 5
shutdown_grace_secs = 10
TOML
K="$BIN --data-dir $OUT/data --config $OUT/khabar.toml"
# The server reads the corpus first: wait until it answers (bounded).
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/f0.xml" && break; sleep 0.5; done
for f in $(seq 0 $((FEEDS-1))); do echo "[[feed]]"; echo "url = \"http://127.0.0.1:$PORT/f$f.xml\""; done > "$OUT/feeds.toml"
$K feeds load "$OUT/feeds.toml"
/usr/bin/time -v -o "$OUT/time.txt" $K --log info --log-format json run 2> "$OUT/run.log" & RUN=$!
# Poller: first time each article is seen by a search, vs its pubDate.
python3 - "$K" "$DURATION" "$OUT/seen.tsv" <<'PY' &
import json, subprocess, sys, time
cmd, duration, out = sys.argv[1].split(), float(sys.argv[2]), sys.argv[3]
seen = {}
end = time.time() + duration
while time.time() < end:
    t = time.time()
    p = subprocess.run(cmd + ["search", "khabarbench", "--sort", "date", "--limit", "3000", "--no-collapse", "--json"],
                       capture_output=True, text=True)
    for line in p.stdout.splitlines():
        h = json.loads(line)
        if h.get("type") == "hit" and h["id"] not in seen and h.get("published"):
            seen[h["id"]] = (t, h["published"])
    time.sleep(max(0, 1 - (time.time() - t)))
with open(out, "w") as f:
    for i, (t, pub) in seen.items():
        f.write(f"{i}\t{t}\t{pub}\n")
PY
POLL=$!
wait $POLL
# SIGTERM to the daemon itself (GNU time does not forward signals), then time reports.
pkill -TERM -P "$RUN" || true
wait "$RUN" || true
python3 - "$OUT" "$DURATION" <<'PY'
import json, sys, datetime, re
out, duration = sys.argv[1], float(sys.argv[2])
fetches = statuses = 0
counts = {}
for line in open(f"{out}/run.log"):
    try: j = json.loads(line)
    except ValueError: continue
    f = j.get("fields", {})
    if f.get("message") == "fetch":
        fetches += 1
        counts[f.get("status")] = counts.get(f.get("status"), 0) + 1
delays = []
for line in open(f"{out}/seen.tsv"):
    _, t, pub = line.rstrip("\n").split("\t")
    p = datetime.datetime.fromisoformat(pub.replace("Z", "+00:00")).timestamp()
    d = float(t) - p
    # Items published before the daemon first reached their feed measure start-up, not steady state.
    if d < 600: delays.append(d)
delays.sort()
q = lambda x: delays[min(len(delays)-1, int(x*len(delays)))] if delays else float("nan")
tv = open(f"{out}/time.txt").read()
g = lambda k: re.search(rf"{k}: (.*)", tv).group(1).strip()
print(f"fetches: {fetches} in {duration:.0f}s = {fetches/duration:.1f}/s  by status: {counts}")
print(f"CPU: user {g('User time .seconds.')}s, system {g('System time .seconds.')}s, {g('Percent of CPU this job got')}")
print(f"peak RSS: {int(g('Maximum resident set size .kbytes.'))/1024:.0f} MiB")
print(f"publication -> searchable: n={len(delays)} p50={q(0.5):.1f}s p95={q(0.95):.1f}s max={delays[-1] if delays else 0:.1f}s")
PY
