import Core

/// JSON patch (RFC 6902): an ordered list of `add`, `remove`, `replace`, `move`, `copy` and `test` operations on
/// JSON pointers (RFC 6901). Any failing operation fails the whole patch.
enum JSONPatch {
    static func apply(_ patch: Value, to target: Value) throws(KServeError) -> Value {
        guard let operations = patch.arrayValue else {
            throw failure("a JSON patch must be an array of operations, found \(patch.kindDescription)")
        }
        var document = target
        for (index, operation) in operations.enumerated() {
            let label = "operation \(index)"
            guard let op = operation["op"]?.stringValue else { throw failure("\(label): \"op\" is missing") }
            guard let path = operation["path"]?.stringValue else { throw failure("\(label): \"path\" is missing") }
            let tokens = try pointer(path, label: label)
            switch op {
            case "add":
                guard let value = operation["value"] else { throw failure("\(label): \"value\" is missing") }
                document = try add(value, at: tokens, in: document, label: label)
            case "remove":
                document = try remove(at: tokens, in: document, label: label).document
            case "replace":
                guard let value = operation["value"] else { throw failure("\(label): \"value\" is missing") }
                document = try remove(at: tokens, in: document, label: label).document
                document = try add(value, at: tokens, in: document, label: label)
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else {
                    throw failure("\(label): \"from\" is missing")
                }
                let fromTokens = try pointer(from, label: label)
                if op == "move" {
                    let removed = try remove(at: fromTokens, in: document, label: label)
                    document = try add(removed.value, at: tokens, in: removed.document, label: label)
                } else {
                    guard let value = lookup(fromTokens, in: document) else {
                        throw failure("\(label): \"from\" path \(from) does not exist")
                    }
                    document = try add(value, at: tokens, in: document, label: label)
                }
            case "test":
                guard let expected = operation["value"] else { throw failure("\(label): \"value\" is missing") }
                guard let actual = lookup(tokens, in: document), equal(actual, expected) else {
                    throw failure("\(label): test of \(path) failed")
                }
            default:
                throw failure("\(label): unknown op \"\(op)\"")
            }
        }
        return document
    }

    static func failure(_ message: String) -> KServeError {
        KServeError(.invalidInput, "the JSON patch could not be applied: \(message)")
    }

    static func pointer(_ path: String, label: String) throws(KServeError) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw failure("\(label): path \"\(path)\" must start with /") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            token.replacingOccurrences("~1", "/").replacingOccurrences("~0", "~")
        }
    }

    static func lookup(_ tokens: [String], in document: Value) -> Value? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Numbers compare by value (`1` equals `1.0`), everything else structurally.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }

    private static func add(
        _ value: Value,
        at tokens: [String],
        in document: Value,
        label: String
    ) throws(KServeError) -> Value {
        guard let first = tokens.first else { return value }
        let rest = Array(tokens.dropFirst())
        switch document {
        case .object(var object):
            if rest.isEmpty {
                object[first] = value
            } else {
                guard let child = object[first] else { throw failure("\(label): path /\(first) does not exist") }
                object[first] = try add(value, at: rest, in: child, label: label)
            }
            return .object(object)
        case .array(var array):
            if rest.isEmpty {
                if first == "-" {
                    array.append(value)
                } else {
                    guard let index = Int(first), (0...array.count).contains(index) else {
                        throw failure("\(label): array index \(first) is out of range")
                    }
                    array.insert(value, at: index)
                }
            } else {
                guard let index = Int(first), array.indices.contains(index) else {
                    throw failure("\(label): array index \(first) is out of range")
                }
                array[index] = try add(value, at: rest, in: array[index], label: label)
            }
            return .array(array)
        default:
            throw failure("\(label): cannot add below a \(document.kindDescription)")
        }
    }

    private static func remove(
        at tokens: [String],
        in document: Value,
        label: String
    ) throws(KServeError) -> (document: Value, value: Value) {
        guard let first = tokens.first else { throw failure("\(label): cannot remove the whole document") }
        let rest = Array(tokens.dropFirst())
        switch document {
        case .object(var object):
            guard let child = object[first] else { throw failure("\(label): path /\(first) does not exist") }
            if rest.isEmpty {
                object[first] = nil
                return (.object(object), child)
            }
            let removed = try remove(at: rest, in: child, label: label)
            object[first] = removed.document
            return (.object(object), removed.value)
        case .array(var array):
            guard let index = Int(first), array.indices.contains(index) else {
                throw failure("\(label): array index \(first) is out of range")
            }
            if rest.isEmpty {
                let value = array.remove(at: index)
                return (.array(array), value)
            }
            let removed = try remove(at: rest, in: array[index], label: label)
            array[index] = removed.document
            return (.array(array), removed.value)
        default:
            throw failure("\(label): path does not exist below a \(document.kindDescription)")
        }
    }
}

extension Substring {
    /// Every occurrence of `target` replaced (without Foundation).
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return String(self) }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        self[...].replacingOccurrences(target, replacement)
    }
}
