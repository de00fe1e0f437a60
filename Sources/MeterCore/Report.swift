import Foundation
import Ledger
import MeterConfig

/// `ss7meter ledger report`: billing totals per customer and charge event (and per link), over the
/// whole intervals inside [from, to).
public struct BillingReport {
    /// customer -> event -> count
    public private(set) var customers: [String: [String: Int]] = [:]
    /// link -> customer -> event -> count
    public private(set) var links: [String: [String: [String: Int]]] = [:]
    public private(set) var records = 0
    public private(set) var intervals = Set<String>()

    public init() {}

    /// Sums the `charges` of every ledger record whose interval lies wholly inside [from, to)
    /// (UTC seconds; nil = unbounded).
    public static func build(directory: String, from: Int64? = nil, to: Int64? = nil) throws -> BillingReport {
        var report = BillingReport()
        try forEachLedgerRecord(directory: directory) { record in
            guard let startText = record["interval_start"] as? String, let endText = record["interval_end"] as? String,
                let start = parseRFC3339(startText), let end = parseRFC3339(endText)
            else { return }
            if let from, start < from { return }
            if let to, end > to { return }
            report.records += 1
            report.intervals.insert(startText)
            let link = record["link"] as? String ?? "?"
            for (customer, events) in record["charges"] as? [String: Any] ?? [:] {
                for (event, value) in events as? [String: Any] ?? [:] {
                    let n = (value as? NSNumber)?.intValue ?? 0
                    report.customers[customer, default: [:]][event, default: 0] += n
                    report.links[link, default: [:]][customer, default: [:]][event, default: 0] += n
                }
            }
        }
        return report
    }

    /// Amount per customer and event, and the customer's total, from the configuration's `[rates]`.
    public func amounts(_ rates: MeterConfiguration.Rates) -> [String: [String: Money]] {
        var out: [String: [String: Money]] = [:]
        for (customer, events) in customers {
            var total = Money.zero
            for (event, count) in events {
                guard let rate = rates.perEvent[event] else { continue }
                let amount = Money(nanos: rate.nanos * Int64(count))
                out[customer, default: [:]][event] = amount
                total = Money(nanos: total.nanos + amount.nanos)
            }
            out[customer, default: [:]]["total"] = total
        }
        return out
    }

    public func json(byLink: Bool, rates: MeterConfiguration.Rates?) -> String {
        var object: [String: Any] = ["customers": customers, "records": records, "intervals": intervals.count]
        if byLink { object["links"] = links }
        if let rates {
            object["currency"] = rates.currency
            object["amounts"] = amounts(rates).mapValues { $0.mapValues(\.description) }
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    public func csv(byLink: Bool, rates: MeterConfiguration.Rates?) -> String {
        let amounts = rates.map { self.amounts($0) }
        var lines: [String] = []
        if byLink {
            lines.append("link,customer,event,count")
            for (link, customers) in links.sorted(by: { $0.key < $1.key }) {
                for (customer, events) in customers.sorted(by: { $0.key < $1.key }) {
                    for (event, n) in events.sorted(by: { $0.key < $1.key }) { lines.append("\(link),\(customer),\(event),\(n)") }
                }
            }
        } else {
            lines.append(amounts == nil ? "customer,event,count" : "customer,event,count,amount")
            for (customer, events) in customers.sorted(by: { $0.key < $1.key }) {
                for (event, n) in events.sorted(by: { $0.key < $1.key }) {
                    if let amounts {
                        lines.append("\(customer),\(event),\(n),\(amounts[customer]?[event]?.description ?? "")")
                    } else {
                        lines.append("\(customer),\(event),\(n)")
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    public func text(rates: MeterConfiguration.Rates?) -> String {
        let amounts = rates.map { self.amounts($0) }
        var lines = ["\(records) records, \(intervals.count) intervals"]
        for (customer, events) in customers.sorted(by: { $0.key < $1.key }) {
            lines.append(customer)
            for (event, n) in events.sorted(by: { $0.key < $1.key }) {
                let amount = amounts?[customer]?[event].map { "  \($0) \(rates!.currency)" } ?? ""
                lines.append("  \(event) \(n)\(amount)")
            }
            if let total = amounts?[customer]?["total"] { lines.append("  total \(total) \(rates!.currency)") }
        }
        return lines.joined(separator: "\n")
    }
}
