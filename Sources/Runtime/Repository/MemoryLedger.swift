/// The bytes the repository's loaded models hold against its memory budget, and the choice of what to evict.
///
/// A value the repository owns; it knows sizes and names, not models: the repository tells it what was installed,
/// dropped or reserved, and asks it which idle models to evict.
struct MemoryLedger {
    /// Bytes held by loaded models (ready or draining).
    private(set) var residentBytes = 0
    /// Bytes set aside for loads in progress whose size is known from an earlier load.
    private(set) var reservedBytes = 0
    /// Models holding bytes, by name: the eviction candidates' superset.
    private(set) var loaded: [String: Int] = [:]
    /// Loads waiting for room that models in use hold, oldest first; installed as holds end.
    var awaitingRoom: [(name: String, load: UInt64)] = []

    var loadedCount: Int { loaded.count }

    mutating func installed(_ name: String, bytes: Int) {
        loaded[name] = bytes
        residentBytes += bytes
    }

    mutating func dropped(_ name: String) {
        guard let bytes = loaded.removeValue(forKey: name) else { return }
        residentBytes -= bytes
    }

    mutating func reserve(_ bytes: Int) { reservedBytes += bytes }

    mutating func unreserve(_ bytes: Int) { reservedBytes -= bytes }

    /// The least recently used of `idle` (name, last use, bytes) to evict so that `bytes` more fit in `budget`:
    /// empty when they fit already, nil when even evicting all of them would not make enough room.
    func victims(
        toFit bytes: Int,
        budget: Int,
        idle: [(name: String, sequence: UInt64, bytes: Int)]
    ) -> [String]? {
        let excess = residentBytes + reservedBytes + bytes - budget
        guard excess > 0 else { return [] }
        guard idle.reduce(0, { $0 + $1.bytes }) >= excess else { return nil }
        var freed = 0
        var chosen: [String] = []
        for candidate in idle.sorted(by: { $0.sequence < $1.sequence }) {
            guard freed < excess else { break }
            freed += candidate.bytes
            chosen.append(candidate.name)
        }
        return chosen
    }
}
