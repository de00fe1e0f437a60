#!/usr/bin/env bash
# Benchmark: decode (`ss7meter decode --summary`'s path) and replay (classification and ledger, as
# `ss7meter replay`) against the bare libpcap read loop on the same generated 1,000,000-message ITU M3UA
# capture, in the same run; peak memory for 100k vs 1M messages.
#
#   scripts/bench.sh            everything: captures, ordo-one/benchmark suite, plain runs, max RSS
#   ROUNDS=5 scripts/bench.sh   more fresh-process rounds for the plain runs (default 3)
#   NO_ORDO=1 scripts/bench.sh  skip the ordo-one/benchmark suite (its first build takes minutes)
#   INTERLEAVED_ROUNDS=N        rounds of the interleaved comparison (default 15)
#
# Captures go to $SS7BENCH_DIR (default /tmp/ss7bench; reused when present, never committed).
# Timings on a shared 2-core machine spread by 15-25%: compare the two loops within one round.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export SS7BENCH_DIR="${SS7BENCH_DIR:-/tmp/ss7bench}"
ROUNDS="${ROUNDS:-3}"
ITERATIONS="${ITERATIONS:-5}"
INTERLEAVED_ROUNDS="${INTERLEAVED_ROUNDS:-15}"
mkdir -p "$SS7BENCH_DIR"

swift build -c release --product ss7gen
swift build -c release --product ss7meter
swift build -c release --package-path Benchmarks --product ss7bench
gen=.build/release/ss7gen
meter=.build/release/ss7meter
bench=Benchmarks/.build/release/ss7bench

for n in 1000000 100000; do
  name=itu-m3ua-$([ "$n" = 1000000 ] && echo 1m || echo 100k)
  if [ ! -s "$SS7BENCH_DIR/$name.pcap" ]; then
    echo "generating $SS7BENCH_DIR/$name.pcap ($n messages)"
    "$gen" --variant itu --link m3ua --seed 1 --messages "$n" \
      --out "$SS7BENCH_DIR/$name.pcap" --expect "$SS7BENCH_DIR/$name.expected.json"
  fi
done
one_m="$SS7BENCH_DIR/itu-m3ua-1m.pcap"
hundred_k="$SS7BENCH_DIR/itu-m3ua-100k.pcap"

if [ -z "${NO_ORDO:-}" ]; then
  echo
  echo "== ordo-one/benchmark (DecodeVsBareLoop: bare loop, decode, replay), captures in $SS7BENCH_DIR"
  SS7BENCH_CONFIG="$PWD/config/sample-itu.toml" \
    swift package --package-path Benchmarks benchmark --target DecodeVsBareLoop --no-progress
fi

# field NAME LINE: the value of NAME=value in an ss7bench output line.
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }

echo
echo "== plain runs: each figure one fresh process, min of $ITERATIONS iterations (wall clock)"
echo "   decode and replay as the CLI runs them (libpcap and the transport layers on a second thread),"
echo "   and on one thread (SS7BENCH_THREADS=1); cpu: CPU seconds of the fastest iteration, all threads"
echo "   reading/decoding: that CPU split between the reading thread (libpcap, transport) and the decoding one"
echo "   replay: classification and ledger (config/sample-itu.toml), into a new empty ledger each iteration"
echo "file   round  bare s   decode s (cpu)    replay s (cpu)   decode/bare  replay/bare  1-thread: decode s  replay s  decode/bare  replay/bare  reading/decoding cpu: decode  replay"
for file in "$one_m" "$hundred_k"; do
  label=$(basename "$file" .pcap | sed 's/itu-m3ua-//')
  for round in $(seq 1 "$ROUNDS"); do
    bare=$("$bench" bare "$file" "$ITERATIONS")
    dec=$("$bench" decode "$file" "$ITERATIONS")
    rep=$("$bench" replay "$file" "$ITERATIONS" config/sample-itu.toml)
    dec1=$(SS7BENCH_THREADS=1 "$bench" decode "$file" "$ITERATIONS")
    rep1=$(SS7BENCH_THREADS=1 "$bench" replay "$file" "$ITERATIONS" config/sample-itu.toml)
    awk -v label="$label" -v round="$round" -v bt="$(field min_s "$bare")" \
      -v dt="$(field min_s "$dec")" -v dc="$(field cpu_s "$dec")" -v rt="$(field min_s "$rep")" -v rc="$(field cpu_s "$rep")" \
      -v d1="$(field min_s "$dec1")" -v r1="$(field min_s "$rep1")" \
      -v dm="$(field main_cpu_s "$dec")" -v rm="$(field main_cpu_s "$rep")" 'BEGIN {
        printf "%-6s %5d  %6.4f  %6.4f (%6.4f)  %6.4f (%6.4f)  %10.0f%%  %10.0f%%            %8.4f  %8.4f  %10.0f%%  %10.0f%%      %6.4f/%6.4f  %6.4f/%6.4f\n",
          label, round, bt, dt, dc, rt, rc, 100 * bt / dt, 100 * bt / rt, d1, r1, 100 * bt / d1, 100 * bt / r1,
          dc - dm, dm, rc - rm, rm }'
  done
done

echo
echo "== interleaved: bare loop, decode and replay back to back in each round, one process ($INTERLEAVED_ROUNDS rounds, 1M file)"
echo "   each round's ratios compare runs under the same load; the last line gives their medians and ranges"
"$bench" interleaved "$one_m" "$INTERLEAVED_ROUNDS" config/sample-itu.toml

echo
echo "== max resident set size (/usr/bin/time -v, one run each, fresh process)"
echo "program                                   file   max RSS KiB"
for file in "$hundred_k" "$one_m"; do
  label=$(basename "$file" .pcap | sed 's/itu-m3ua-//')
  for cmd in "$meter decode --summary" "$bench bare"; do
    # shellcheck disable=SC2086
    rss=$( { /usr/bin/time -v $cmd "$file" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
    printf "%-41s %-6s %11s\n" "$(basename "${cmd%% *}") ${cmd#* }" "$label" "$rss"
  done
  # replay (one iteration into a new ledger; getrusage's peak, which ss7bench prints)
  printf "%-41s %-6s %11s\n" "ss7bench replay (sample-itu.toml)" "$label" \
    "$(field maxrss_kib "$("$bench" replay "$file" 1 config/sample-itu.toml)")"
done
