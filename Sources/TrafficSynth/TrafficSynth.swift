// Capture generator: an independent encoder of ANSI and ITU SS7 traffic into pcap files.
