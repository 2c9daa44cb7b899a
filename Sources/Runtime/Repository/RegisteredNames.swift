import Synchronization

/// The names a repository has registered, readable without a hop onto the repository: a request for a model that
/// does not exist is answered 404 before its body is read, and the one hop a request makes is the one that holds
/// its model. The repository updates it in the same turn as its own table.
final class RegisteredNames: Sendable {
    private let names = Mutex<Set<String>>([])

    func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }

    func insert(_ name: String) { names.withLock { _ = $0.insert(name) } }

    func remove(_ name: String) { names.withLock { _ = $0.remove(name) } }
}
