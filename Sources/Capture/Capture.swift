// Owns libpcap: offline files and (later) live interfaces. Filled in by the capture work.
import CPcap
