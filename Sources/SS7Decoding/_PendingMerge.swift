// Temporary stand-ins until the SCCP, TCAP and ISUP decoders are merged. Deleted by the merge.
public struct SCCPMessage {}
