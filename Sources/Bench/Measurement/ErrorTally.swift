/// Failed requests counted by kind and, for answers with an error status, by HTTP status.
package struct ErrorTally: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        /// The server answered with a non-2xx status.
        case http
        /// The per-request deadline passed.
        case timeout
        /// No connection: refused, reset before an answer, DNS.
        case connection
        /// Another transport failure (TLS, protocol error).
        case transport
        /// A 2xx answer that does not follow the protocol.
        case badResponse
    }

    package private(set) var byKind: [Kind: Int] = [:]
    package private(set) var byStatus: [Int: Int] = [:]

    package init() {}

    /// Restores a tally from its counts (a report read back); negative counts are dropped.
    package init(byKind: [Kind: Int], byStatus: [Int: Int]) {
        self.byKind = byKind.filter { $0.value > 0 }
        self.byStatus = byStatus.filter { $0.value > 0 }
    }

    /// Counts one failure; `status` is the HTTP status when the server answered.
    package mutating func record(_ kind: Kind, status: Int? = nil) {
        byKind[kind, default: 0] += 1
        if let status { byStatus[status, default: 0] += 1 }
    }

    package mutating func merge(_ other: Self) {
        for (kind, count) in other.byKind { byKind[kind, default: 0] += count }
        for (status, count) in other.byStatus { byStatus[status, default: 0] += count }
    }

    /// Every failure, whatever its kind.
    package var total: Int { byKind.values.reduce(0, +) }

    /// Kinds with a count, in declaration order.
    package var kindCounts: [(kind: Kind, count: Int)] {
        Kind.allCases.compactMap { kind in byKind[kind].map { (kind, $0) } }
    }

    /// Statuses with a count, ascending.
    package var statusCounts: [(status: Int, count: Int)] {
        byStatus.keys.sorted().map { ($0, byStatus[$0] ?? 0) }
    }
}
