#!/usr/bin/env bash
# README command 2: run the tests (installs tshark and libpcap first if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
