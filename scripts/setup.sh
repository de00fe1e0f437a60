#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on the sample captures and
# configuration in the repository: decode them, meter them into a ledger, verify it and print the
# billing report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product ss7meter
bin=.build/release/ss7meter
for f in captures/generated/*.pcap; do
  variant=itu; case "$f" in *ansi*) variant=ansi;; esac
  echo "== decode $f (--variant $variant)"
  "$bin" decode --variant "$variant" --summary "$f"
done
for variant in ansi itu; do
  ledger=.build/demo-ledger/$variant
  rm -rf "$ledger"
  echo "== replay captures/generated/$variant-mtp2.pcap with config/sample-$variant.toml into $ledger"
  "$bin" replay --config "config/sample-$variant.toml" --ledger "$ledger" "captures/generated/$variant-mtp2.pcap"
  "$bin" ledger verify "$ledger"
  "$bin" ledger report "$ledger" --config "config/sample-$variant.toml"
done
