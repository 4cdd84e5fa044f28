#!/usr/bin/env bash
# Retrieval quality on the dev sets of ../shared/data/eval/ (MRR@10, R@10, R@100, nDCG@10).
#
#   eval/retrieval.sh [SET...]        # default: news-known-item qa-passages
#
# Builds the release binary, imports each corpus into a fresh data dir under
# bench-data/, runs every query (`search --batch --plain --limit 100`) and scores the
# TREC run with ../shared/tools/evaluate.py. Import and query times go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared/data/eval" ] || { echo "eval: ../shared/data/eval not found (benchmarks need ../shared)" >&2; exit 2; }
# KHABAR_BIN: a prebuilt binary to measure instead (e.g. to compare two builds).
if [ -z "${KHABAR_BIN:-}" ]; then cargo build --release --quiet --bin khabar; fi
bin=${KHABAR_BIN:-target/release/khabar}
cfg=$(mktemp); trap 'rm -f "$cfg"' EXIT   # built-in defaults, whatever config/ says
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(news-known-item qa-passages)
mkdir -p bench-data
for set in "${sets[@]}"; do
  dir=$shared/data/eval/$set
  data=bench-data/eval-$set
  rm -rf "$data"
  echo "== $set" >&2
  start=$(date +%s.%N)
  zcat "$dir/corpus.jsonl.gz" | "$bin" --config "$cfg" --data-dir "$data" import - 2>&1 | tail -1 >&2
  end=$(date +%s.%N)
  echo "import+index: $(echo "$end - $start" | bc) s" >&2
  "$bin" --config "$cfg" --data-dir "$data" search --batch "$dir/queries.jsonl" --plain --format trec --limit 100 > "$data/run.trec"
  python3 "$shared/tools/evaluate.py" "$dir/qrels.txt" "$data/run.trec"
done
