import Ledger
import Metrics
import Prometheus

/// The daemon's Prometheus metrics. The billing counters are added from the records as they are
/// handed to the ledger, so at any time they equal the ledger's sums (they move once per interval);
/// frame counts move as frames are read.
public final class DaemonMetrics: Sendable {
    /// What GET /metrics serves.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
    }

    private func count(_ name: String, _ labels: [(String, String)], _ n: Int64) {
        Counter(label: name, dimensions: labels, factory: factory).increment(by: n)
    }

    private func gauge(_ name: String, _ value: Double) {
        Gauge(label: name, factory: factory).record(value)
    }

    func frames(source: String, _ n: Int) {
        count("ss7meter_frames_total", [("source", source)], Int64(n))
    }

    func spoolFile(source: String, ok: Bool) {
        count("ss7meter_spool_files_total", [("source", source), ("result", ok ? "ok" : "failed")], 1)
    }

    func reload(ok: Bool) {
        count("ss7meter_reloads_total", [("result", ok ? "applied" : "refused")], 1)
    }

    /// Adds one ledger record's counts: MSUs, messages by link and type, charge events, decode errors.
    func record(_ r: JSONObject) {
        guard case .string(let source)? = r["source"], case .string(let link)? = r["link"] else { return }
        let sl = [("source", source), ("link", link)]
        if case .object(let msus)? = r["msus"] {
            for (direction, v) in msus.members { if case .int(let n) = v, n > 0 { count("ss7meter_msus_total", sl + [("direction", direction)], n) } }
        }
        func types(_ protocolName: String, _ value: JSONValue?) {
            guard case .object(let o)? = value else { return }
            for (type, v) in o.members {
                if case .int(let n) = v { count("ss7meter_messages_total", sl + [("protocol", protocolName), ("type", type)], n) }
            }
        }
        types("isup", r["isup"])
        types("sccp", r["sccp"])
        if case .object(let tcap)? = r["tcap"] {
            types("tcap_itu", tcap["itu"])
            types("tcap_ansi", tcap["ansi"])
        }
        if case .object(let charges)? = r["charges"] {
            for (customer, events) in charges.members {
                guard case .object(let e) = events else { continue }
                for (event, v) in e.members {
                    if case .int(let n) = v {
                        count("ss7meter_charge_events_total", sl + [("customer", customer), ("event", event)], n)
                    }
                }
            }
        }
        if case .object(let errors)? = r["decode_errors"] {
            for (error, v) in errors.members { if case .int(let n) = v { count("ss7meter_decode_errors_total", sl + [("error", error)], n) } }
        }
    }

    /// Capture counts are per source (repeated in each record of a group): added once per group.
    func group(_ g: IntervalGroup) {
        for r in g.records { record(r) }
        count("ss7meter_ledger_records_total", [], Int64(g.records.count))
        count("ss7meter_ledger_groups_total", [], 1)
        guard let first = g.records.first, case .string(let source)? = first["source"],
            case .object(let capture)? = first["capture"]
        else { return }
        for (key, name) in [
            ("received", "ss7meter_capture_received_total"), ("dropped", "ss7meter_capture_dropped_total"),
            ("interface_dropped", "ss7meter_capture_interface_dropped_total"),
        ] {
            if case .int(let n)? = capture[key] { count(name, [("source", source)], n) }
        }
    }

    func ledgerFiles(count files: Int, bytes: Int) {
        gauge("ss7meter_ledger_files", Double(files))
        gauge("ss7meter_ledger_bytes", Double(bytes))
    }

    func fsynced(atUnixSeconds t: Double) {
        gauge("ss7meter_ledger_last_fsync_timestamp_seconds", t)
    }

    func pendingGroups(_ n: Int) {
        gauge("ss7meter_ledger_pending_groups", Double(n))
    }
}
