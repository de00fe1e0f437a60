// Glue for offline decoding: capture source -> decoder -> summary.
import SS7Decoding
