#include <pcap/pcap.h>
#if defined(__linux__)
#include <stdio_ext.h>
#endif
