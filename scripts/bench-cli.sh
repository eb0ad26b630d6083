#!/usr/bin/env bash
# Times NDJSON filtering on about 1 GB of flights: `inperium-filter eval --ndjson` against jq,
# jaq and a program that decodes every line into a serde_json::Value and tests it with a
# hand-written closure. It prints, for each tool, the wall time, the throughput and the peak
# resident memory that GNU time (`/usr/bin/time -v`, Debian package `time`) reports.
#
# Usage: scripts/bench-cli.sh [SIZE_MB]
# Environment: JAQ (default: jaq on PATH), JQ (default /usr/bin/jq), RUNS (default 1),
# WORK (default /tmp/inperium-filter-bench), where the generated file and outputs go.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb="${1:-1024}"
work="${WORK:-/tmp/inperium-filter-bench}"
jq="${JQ:-/usr/bin/jq}"
jaq="${JAQ:-$(command -v jaq || true)}"
runs="${RUNS:-1}"
mkdir -p "$work"

query='filter=OR(gt(delay,60),AND(gt(distance,1000),eq(origin,LAS)))'
jq_program='select(.delay > 60 or (.distance > 1000 and .origin == "LAS"))'

cargo build --release --quiet --bin inperium-filter --example ndjson-closure
ours=target/release/inperium-filter
closure=target/release/examples/ndjson-closure

# The 20,000 flights as NDJSON, repeated until the file reaches SIZE_MB.
input="$work/flights-${size_mb}mb.ndjson"
if [ ! -s "$input" ]; then
    "$jq" -c '.[]' tests/data/flights-20k.json > "$work/flights-20k.ndjson"
    cp "$work/flights-20k.ndjson" "$input.part"
    while [ "$(stat -c %s "$input.part")" -lt $((size_mb * 1024 * 1024)) ]; do
        cat "$work/flights-20k.ndjson" >> "$input.part"
    done
    mv "$input.part" "$input"
fi
bytes="$(stat -c %s "$input")"
lines="$(wc -l < "$input")"
echo "input: $input, $bytes bytes, $lines records"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# Runs one tool RUNS times; prints seconds, MB/s, peak RSS and the number of output lines.
measure() {
    local name="$1"
    shift
    for run in $(seq "$runs"); do
        /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out"
        local seconds rss_kb matched
        seconds="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time" |
            awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
        rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")"
        matched="$(wc -l < "$work/$name.out")"
        awk -v name="$name" -v run="$run" -v s="$seconds" -v b="$bytes" -v r="$rss_kb" -v m="$matched" \
            'BEGIN { printf "%-16s run %d: %7.2f s  %8.1f MB/s  peak RSS %7.1f MB  %d matches\n", name, run, s, b / s / 1e6, r / 1024, m }'
    done
}

measure inperium-filter "$ours" eval --ndjson "$query" "$input"
measure serde-closure "$closure" "$input"
if [ -n "$jaq" ]; then
    measure jaq "$jaq" -c "$jq_program" "$input"
else
    echo "jaq: not found; install it with 'cargo install jaq --locked' or set JAQ"
fi
measure jq "$jq" -c "$jq_program" "$input"

# Every tool must select the same records.
for name in serde-closure jaq jq; do
    if [ -f "$work/$name.out" ] && ! cmp -s "$work/inperium-filter.out" "$work/$name.out"; then
        echo "warning: the output of $name differs from that of inperium-filter"
    fi
done
