#!/usr/bin/env bash
# Live capture benchmark (not a test): replays an M3UA capture with tcpreplay at RATE frames/s for
# DURATION seconds into a veth pair that lives in its own network namespace, captures it with
# LiveCapture (the release-built `livecount`), and prints frames received and libpcap's counts.
#
#   sudo scripts/live-bench.sh            # RATE=200000 DURATION=60
#   RATE=400000 DURATION=20 sudo -E scripts/live-bench.sh
#
# Needs root (network namespace, raw capture), tcpreplay and capinfos. All traffic stays on the veth
# pair inside namespace $NS, which is removed on exit. BUNDLE M3UA DATA chunks per SCTP packet (default
# 4, as loaded SIGTRAN links bundle): messages/s = frames/s x messages per frame, which the script prints
# from the generator's own counts. SS7GEN=path uses an existing ss7gen instead of building it;
# CAPTURE=path replays that file instead of generating one. LIVECOUNT_ARGS are passed to livecount
# (e.g. "--immediate" or "--buffer-mb 256").
#
# Measured once (2 shared cores, load ~9, so noisy; tcpreplay could not reach 200k/s there):
#   LIVECOUNT_ARGS=--immediate: 68k frames/s sent, 4,093,281 received, 65,252 dropped (1.6%): 512 ring slots
#   block mode (now the default): 140k frames/s sent, 8,400,490 received and delivered, 0 dropped
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-200000}
DURATION=${DURATION:-60}
NS=${NS:-ss7bench}
[[ $EUID -eq 0 ]] || { echo "live-bench: needs root" >&2; exit 1; }
if ip netns list | grep -qw "$NS"; then echo "live-bench: namespace $NS exists already" >&2; exit 1; fi

WORK=$(mktemp -d /tmp/live-bench.XXXXXX)
LIVECOUNT_PID=
cleanup() {
    [[ -n $LIVECOUNT_PID ]] && kill "$LIVECOUNT_PID" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building livecount (release)"
swift build -c release --product livecount
LIVECOUNT=$(swift build -c release --show-bin-path)/livecount

if [[ -z ${CAPTURE:-} ]]; then
    if [[ -z ${SS7GEN:-} ]]; then
        echo "== building ss7gen (release)"
        swift build -c release --product ss7gen
        SS7GEN=$(swift build -c release --show-bin-path)/ss7gen
    fi
    echo "== generating the capture"
    CAPTURE=$WORK/m3ua.pcap
    "$SS7GEN" --variant itu --link m3ua --seed 1 --messages 200000 --bundle "${BUNDLE:-4}" \
        --out "$CAPTURE" --expect "$WORK/m3ua.json" >/dev/null
fi
FRAMES=$(capinfos -M -c -T "$CAPTURE" | awk -F'\t' 'NR==2 {print $2}')
LOOPS=$(( (RATE * DURATION + FRAMES - 1) / FRAMES + 1 ))
echo "$FRAMES frames in the capture; replaying at $RATE frames/s for $DURATION s ($LOOPS loops at most)"

echo "== namespace $NS: veth pair bench-tx <-> bench-rx, no addresses, IPv6 off (no neighbour chatter)"
ip netns add "$NS"
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link add bench-tx type veth peer name bench-rx
ip -n "$NS" link set bench-tx up
ip -n "$NS" link set bench-rx up

# SCTP only: the replayed frames and nothing else.
# shellcheck disable=SC2086 # LIVECOUNT_ARGS is a list of words
ip netns exec "$NS" "$LIVECOUNT" bench-rx --filter sctp ${LIVECOUNT_ARGS:-} >"$WORK/livecount.out" &
LIVECOUNT_PID=$!
sleep 1
kill -0 "$LIVECOUNT_PID" 2>/dev/null || { echo "livecount failed:"; cat "$WORK/livecount.out"; exit 1; }

echo "== tcpreplay"
ip netns exec "$NS" tcpreplay --intf1=bench-tx --pps="$RATE" --loop="$LOOPS" --duration="$DURATION" \
    --preload-pcap --stats=10 "$CAPTURE" 2>&1 | grep -Ev '^(Warning|\s*$)' || true

sleep 1  # let the last frames reach the reader
kill -INT "$LIVECOUNT_PID"
wait "$LIVECOUNT_PID" || true
LIVECOUNT_PID=
echo "== livecount (LiveCapture on bench-rx${LIVECOUNT_ARGS:+, $LIVECOUNT_ARGS})"
cat "$WORK/livecount.out"
if [[ -f $WORK/m3ua.json ]]; then
    python3 - "$WORK/m3ua.json" "$WORK/livecount.out" <<'PY'
import json, re, sys
expected = json.load(open(sys.argv[1]))
per_frame = expected["messages"] / expected["frames"]
out = open(sys.argv[2]).read()
rate = re.search(r"frames/s ([0-9.]+)", out)
print(f"messages per frame in the capture: {per_frame:.2f}")
if rate:
    print(f"messages/s delivered: {float(rate.group(1)) * per_frame:,.0f}")
PY
fi
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared machine: figures are noisy)"
