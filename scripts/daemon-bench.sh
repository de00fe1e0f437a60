#!/bin/bash
ROOT=$(cd "$(dirname "$0")/.." && pwd)   # the whole daemon at 150k frames/s of bundled M3UA on a private veth pair (root)
set -u
[ "$(id -u)" -eq 0 ] || { echo "daemon-bench: needs root (network namespace, capture)" >&2; exit 1; }
swift build -c release --package-path "$ROOT" --product ss7meter >/dev/null && swift build --package-path "$ROOT" --product ss7gen >/dev/null || exit 1
NS=ss7dbench; W=/tmp/dbench; rm -rf $W; mkdir -p $W
ip netns del $NS 2>/dev/null
ip netns add $NS; ip netns exec $NS sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n $NS link set lo up
ip -n $NS link add bench-tx type veth peer name bench-rx; ip -n $NS link set bench-tx up; ip -n $NS link set bench-rx up
$ROOT/.build/debug/ss7gen --variant itu --link m3ua --seed 1 --messages 200000 --bundle 12 --out $W/m3ua.pcap --expect $W/m3ua.json >/dev/null
sed -e "s|ledger_dir = \"ledger\"|ledger_dir = \"$W/ledger\"|" $ROOT/config/sample-itu.toml > $W/c.toml
printf '\n[[source]]\nname = "tap"\ninterface = "bench-rx"\nvariant = "itu"\nfilter = "sctp"\n\n[metrics]\nlisten = "127.0.0.1:19464"\n' >> $W/c.toml
ip netns exec $NS $ROOT/.build/release/ss7meter run --config $W/c.toml 2> $W/daemon.log &
DPID=$!
sleep 2
ip netns exec $NS tcpreplay --intf1=bench-tx --pps=150000 --loop=50 --duration=60 --preload-pcap $W/m3ua.pcap 2>&1 | grep -E "Actual|Rated" | tail -2
sleep 2
kill -TERM $DPID; wait $DPID; echo "daemon exit $?"
python3 - $W <<'PY'
import json,glob,sys
recv=drop=msus=0
for f in sorted(glob.glob(sys.argv[1]+"/ledger/*.jsonl")):
    for line in open(f):
        r=json.loads(line)
        if r.get("type")!="interval": continue
        c=r.get("capture",{}); recv+=c.get("received",0); drop+=c.get("dropped",0)
        msus+=sum(r["msus"].values())
print("pcap received", recv, "dropped", drop, "MSUs metered", msus)
PY
$ROOT/.build/release/ss7meter ledger verify $W/ledger | tail -1
ip netns del $NS
