#!/usr/bin/env bash
# Fuzzes the whole frame decoder (Sources/FuzzFrameDecoder) with libFuzzer and AddressSanitizer.
#   scripts/fuzz.sh [SECONDS] [more libFuzzer options...]     (default 600 seconds)
# Seeds come from captures/malformed/corpus and are copied to a temporary work corpus (set FUZZ_WORK=DIR
# to keep and reuse one across runs); crashes, timeouts and out-of-memory inputs go to fuzz-artifacts/.
# Replay one sequence without libFuzzer: swift build --product FuzzFrameDecoder && .build/debug/FuzzFrameDecoder FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true

# --sanitize=fuzzer links libFuzzer (which supplies main); -sanitize=fuzzer,address instruments every
# Swift module with coverage and ASan (--sanitize=fuzzer --sanitize=address keeps only one of them);
# -DFUZZING drops the target's own @main. A separate scratch path keeps the normal build untouched.
swift build -c release --product FuzzFrameDecoder --scratch-path .build-fuzz \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

if [[ -n "${FUZZ_WORK:-}" ]]; then
    work=$FUZZ_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
cp -n captures/malformed/corpus/* "$work"/
mkdir -p fuzz-artifacts

# SWIFT_BACKTRACE=enable=no: a Swift trap must reach libFuzzer as a plain crash (the backtracer would
# give a bogus ASan report and leave processes behind).
SWIFT_BACKTRACE=enable=no .build-fuzz/release/FuzzFrameDecoder \
    -max_len=4096 -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=fuzz-artifacts/ "$@" "$work"
