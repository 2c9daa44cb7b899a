import Transport

#if canImport(Glibc)
import Glibc
#endif

/// Helpers for the `metadata` block the store maintains.
enum ObjectMetadata {
    /// Now as RFC 3339 in UTC with second precision, as Kubernetes writes `creationTimestamp`.
    static func timestamp(_ seconds: Int = Int(time(nil))) -> String {
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Seconds since the epoch of an RFC 3339 UTC timestamp (`2024-05-01T10:00:05Z`, fractions ignored).
    static func seconds(of timestamp: String) -> Int? {
        let bytes = Array(timestamp.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int(timegm(&parts))
    }

    /// A random RFC 4122 version-4 UUID.
    static func uid() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
            separator: "-"
        )
    }

    /// Kubernetes' short human age: `42s`, `3m20s`, `17m`, `5h2m`, `30h`, `3d4h`, `40d`, `2y10d`.
    static func humanDuration(seconds: Int) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let rest = (hours / 24) % 365
            return rest == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(rest)d"
        }
        return "\(hours / 24 / 365)y"
    }
}

extension Value {
    /// The value at a path of object keys, or nil.
    func at(_ path: [String]) -> Value? {
        var current: Value? = self
        for key in path { current = current?[key] }
        return current
    }

    /// Sets (or with nil removes) the value at a path of object keys, creating objects on the way.
    mutating func set(_ path: [String], _ newValue: Value?) {
        guard let first = path.first else {
            if let newValue { self = newValue }
            return
        }
        var object = objectValue ?? ValueObject()
        if path.count == 1 {
            object[first] = newValue
        } else {
            var child = object[first] ?? .object(ValueObject())
            if child.objectValue == nil { child = .object(ValueObject()) }
            child.set(Array(path.dropFirst()), newValue)
            object[first] = child
        }
        self = .object(object)
    }
}
