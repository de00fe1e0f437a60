#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on the sample captures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product ss7meter
bin=.build/release/ss7meter
for f in captures/generated/*.pcap; do
  variant=itu; case "$f" in *ansi*) variant=ansi;; esac
  echo "== $f (--variant $variant)"
  "$bin" decode --variant "$variant" --summary "$f"
done
