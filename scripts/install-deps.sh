#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks: libpcap (build), tshark (the test oracle),
# tcpdump/tcpreplay (live tests). Idempotent; quiet when everything is there.
set -euo pipefail
need=()
[ -f /usr/include/pcap/pcap.h ] || need+=(libpcap-dev)
command -v tshark >/dev/null || need+=(tshark)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tcpreplay >/dev/null || need+=(tcpreplay)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v systemd-analyze >/dev/null || need+=(systemd)   # checks systemd/ss7meter.service
command -v editcap >/dev/null || need+=(wireshark-common)    # splits captures in daemon tests
command -v ip >/dev/null || need+=(iproute2)                 # veth pairs for the live end-to-end test
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
