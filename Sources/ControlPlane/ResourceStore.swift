import Core
import Logging
import Resources

/// The control plane's objects: InferenceServices, TrainedModels, ServingRuntimes and ClusterServingRuntimes, plus
/// namespaces, with Kubernetes' resourceVersion and generation semantics and a change feed for watches.
///
/// With a state directory every accepted change is written to disk (atomically, synced) before the call returns,
/// and a new store on the same directory starts with every object back and resourceVersions that keep growing.
///
/// The store runs on a thread of its own (``unownedExecutor``), not on Swift's cooperative pool: a write blocks in
/// `write` and `fsync` (of the file and of its directory) for as long as the disk takes, milliseconds or more, and
/// on the pool that would hold one of its few threads (one per core) away from every request and the reconciler.
/// The writes stay synchronous inside the actor's methods, so that the order of changes, their resourceVersions and
/// "answered means on disk" are exactly those of a plain actor: no method suspends between deciding a change,
/// writing it and publishing it.
package actor ResourceStore {
    private var objects: [ObjectKey: StoredObject] = [:]
    private var namespaceObjects: [String: Value] = [:]
    private var currentVersion: UInt64 = 0
    /// Recent changes, oldest first, for watches that resume from a resourceVersion.
    private var history: [StoreEvent] = []
    /// Every change after this version is in `history`.
    private var historyStart: UInt64 = 0
    private let historyLimit: Int
    /// Events an API watch may have waiting beyond its replay before it counts as not reading (see ``watch(after:)``).
    package nonisolated let watchBacklog: Int
    private var subscribers: [Int: AsyncStream<StoreEvent>.Continuation] = [:]
    private var nextSubscriber = 0
    private var closed = false
    private let files: StateFiles?
    /// Files that could not be read back at start, each with the reason; they were skipped.
    package nonisolated let skippedFiles: [String]
    /// The store's thread, where every isolated method runs (see the type's documentation).
    private nonisolated let executor: SerialThreadExecutor

    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    static let versionFile = "meta/resourceVersion"

    /// A store in memory only (`stateDirectory` nil) or over a state directory, loading every object back from it.
    /// A corrupt file is logged as a warning and listed in ``skippedFiles`` and skipped, never fatal. Loading reads
    /// the whole directory: call it off the cooperative pool.
    package init(
        stateDirectory: String?,
        historyLimit: Int = 4096,
        watchBacklog: Int = 1024,
        logger: Logger = Logger(label: "kserve.store", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KServeError) {
        executor = try SerialThreadExecutor(name: "the resource store")
        self.historyLimit = max(1, historyLimit)
        self.watchBacklog = max(1, watchBacklog)
        guard let stateDirectory else {
            files = nil
            skippedFiles = []
            // Versions start at 1: "0" means "any version" to a Kubernetes client.
            namespaceObjects["default"] = Self.namespaceObject("default", version: 1)
            currentVersion = 1
            historyStart = 1
            return
        }
        let files = try StateFiles(root: stateDirectory)
        self.files = files
        var skipped: [String] = []
        var loaded: [ObjectKey: StoredObject] = [:]
        var namespaces: [String: Value] = [:]
        var highest: UInt64 = 0
        if let bytes = try? files.read(Self.versionFile),
            let saved = UInt64(String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace })
        {
            highest = saved
        }
        for path in files.jsonFiles(under: "objects") {
            do throws(KServeError) {
                let object = try Self.decode(path: path, bytes: files.read(path) ?? [])
                loaded[object.key] = object
                highest = max(highest, object.resourceVersion)
            } catch {
                skipped.append("\(stateDirectory)/\(path): \(error.message)")
            }
        }
        for path in files.jsonFiles(under: "namespaces") {
            do throws(KServeError) {
                let value = try JSONParser.parse(files.read(path) ?? [], source: path)
                guard let name = value.at(["metadata", "name"])?.stringValue else {
                    throw KServeError(.invalidInput, "\(path): a namespace without metadata.name")
                }
                namespaces[name] = value
                if let version = value.at(["metadata", "resourceVersion"])?.stringValue.flatMap(UInt64.init) {
                    highest = max(highest, version)
                }
            } catch {
                skipped.append("\(stateDirectory)/\(path): \(error.message)")
            }
        }
        for problem in skipped { logger.warning("state: skipped \(problem)") }
        highest = max(highest, 1)
        if namespaces["default"] == nil { namespaces["default"] = Self.namespaceObject("default", version: 1) }
        for object in loaded.values {
            if let namespace = object.namespace, namespaces[namespace] == nil {
                namespaces[namespace] = Self.namespaceObject(namespace, version: object.resourceVersion)
            }
        }
        objects = loaded
        namespaceObjects = namespaces
        currentVersion = highest
        historyStart = highest
        skippedFiles = skipped
    }

    // MARK: - Reading

    package func get(_ kind: ResourceKind, namespace: String?, name: String) -> StoredObject? {
        objects[ObjectKey(kind: kind, namespace: kind.namespaced ? namespace : nil, name: name)]
    }

    /// The objects of `kind` in `namespace` (every namespace when nil), ordered by namespace and name, with the
    /// store's resourceVersion at this moment.
    package func list(_ kind: ResourceKind, namespace: String?) -> (objects: [StoredObject], resourceVersion: UInt64) {
        let selected = objects.values.filter { object in
            object.kind == kind && (namespace == nil || !kind.namespaced || object.namespace == namespace)
        }
        return (selected.sorted { $0.key < $1.key }, currentVersion)
    }

    /// `metadata.name`, or the 422 Invalid a nameless object gets.
    private static func requiredName(_ value: Value, kind: ResourceKind) throws(KServeError) -> String {
        guard let name = value.at(["metadata", "name"])?.stringValue else {
            throw KubeStatus.invalid(
                kind,
                "",
                [.init(reason: "FieldValueRequired", message: "Required value", field: "metadata.name")]
            )
            .error
        }
        return name
    }

    /// The latest resourceVersion handed out.
    package var resourceVersion: UInt64 { currentVersion }

    // MARK: - Writing

    /// Stores a new object. Its `status` is dropped (status is a subresource); uid, resourceVersion, generation 1
    /// and creationTimestamp are set; the namespace is created when it does not exist yet.
    package func create(
        _ kind: ResourceKind,
        namespace: String?,
        object: Value,
        dryRun: Bool = false
    ) throws(KServeError) -> StoredObject {
        var value = try checked(object, kind: kind)
        let name = try Self.requiredName(value, kind: kind)
        let namespace = kind.namespaced ? (namespace ?? "default") : nil
        let key = ObjectKey(kind: kind, namespace: namespace, name: name)
        if objects[key] != nil { throw KubeStatus.alreadyExists(kind, name).error }
        let version = currentVersion + 1
        value.set(["metadata", "namespace"], namespace.map(Value.string))
        value.set(["metadata", "uid"], .string(ObjectMetadata.uid()))
        value.set(["metadata", "resourceVersion"], .string(String(version)))
        value.set(["metadata", "generation"], .int(1))
        value.set(["metadata", "creationTimestamp"], .string(RFC3339.now()))
        value.set(["metadata", "deletionTimestamp"], nil)
        value.set(["status"], nil)
        let stored = StoredObject(
            kind: kind,
            namespace: namespace,
            name: name,
            value: Self.ordered(value),
            resourceVersion: version,
            generation: 1
        )
        if dryRun { return stored }
        if let namespace, namespaceObjects[namespace] == nil {
            try createNamespaceRecord(namespace)
        }
        try persist(stored)
        commit(stored, event: .added)
        return stored
    }

    /// Replaces an object's spec and metadata. When `metadata.resourceVersion` is given it must be the current one
    /// (else 409 Conflict); the status is kept (status is a subresource); generation grows when the spec changes.
    /// Omitted `managedFields` keep the current ones.
    package func update(
        _ kind: ResourceKind,
        namespace: String?,
        object: Value,
        dryRun: Bool = false
    ) throws(KServeError) -> StoredObject {
        var value = try checked(object, kind: kind)
        let name = try Self.requiredName(value, kind: kind)
        let key = ObjectKey(kind: kind, namespace: kind.namespaced ? (namespace ?? "default") : nil, name: name)
        guard let existing = objects[key] else { throw KubeStatus.notFound(kind, name).error }
        if let given = value.at(["metadata", "resourceVersion"]), !given.isNull, given.stringValue != "" {
            guard given.stringValue == String(existing.resourceVersion) else {
                throw KubeStatus.modified(kind, name).error
            }
        }
        if let uid = value.at(["metadata", "uid"])?.stringValue, !uid.isEmpty, uid != existing.uid {
            throw KubeStatus(
                code: 409,
                reason: "Conflict",
                message: "Operation cannot be fulfilled on \(key.described): the UID in the precondition (\(uid)) "
                    + "does not match the UID in record (\(existing.uid ?? "")). The object might have been deleted "
                    + "and then recreated",
                name: name,
                group: kind.group,
                kind: kind.plural
            ).error
        }
        let metadata = existing.value["metadata"]
        for field in ["namespace", "uid", "creationTimestamp", "resourceVersion", "generation"] {
            value.set(["metadata", field], metadata?[field])
        }
        if value.at(["metadata", "managedFields"]) == nil {
            value.set(["metadata", "managedFields"], metadata?["managedFields"])
        }
        value.set(["status"], existing.value["status"])
        value = Self.ordered(value)
        if value == existing.value { return existing }
        let generation = existing.generation + (value["spec"] == existing.value["spec"] ? 0 : 1)
        let version = currentVersion + 1
        value.set(["metadata", "resourceVersion"], .string(String(version)))
        value.set(["metadata", "generation"], .int(generation))
        let stored = StoredObject(
            kind: kind,
            namespace: existing.namespace,
            name: name,
            value: value,
            resourceVersion: version,
            generation: generation
        )
        if dryRun { return stored }
        try persist(stored)
        commit(stored, event: .modified)
        return stored
    }

    /// Removes an object and returns its last state (carrying the deletion's resourceVersion).
    package func delete(
        _ kind: ResourceKind,
        namespace: String?,
        name: String,
        dryRun: Bool = false
    ) throws(KServeError) -> StoredObject {
        let key = ObjectKey(kind: kind, namespace: kind.namespaced ? (namespace ?? "default") : nil, name: name)
        guard var existing = objects[key] else { throw KubeStatus.notFound(kind, name).error }
        if dryRun { return existing }
        let version = currentVersion + 1
        try files?.remove(Self.path(of: key))
        try saveVersion(version)
        objects[key] = nil
        existing.resourceVersion = version
        existing.value.set(["metadata", "resourceVersion"], .string(String(version)))
        currentVersion = version
        publish(StoreEvent(kind: .deleted, object: existing))
        return existing
    }

    /// The status subresource: replaces `.status` only; generation unchanged; nil when the object is gone.
    package func updateStatus(
        _ kind: ResourceKind,
        namespace: String?,
        name: String,
        status: Value
    ) throws(KServeError) -> StoredObject? {
        try updateStatus(kind, namespace: namespace, name: name, status: status, resourceVersion: nil, dryRun: false)
    }

    /// ``updateStatus(_:namespace:name:status:)`` with an optional resourceVersion precondition and dry run.
    package func updateStatus(
        _ kind: ResourceKind,
        namespace: String?,
        name: String,
        status: Value,
        resourceVersion: String?,
        dryRun: Bool
    ) throws(KServeError) -> StoredObject? {
        let key = ObjectKey(kind: kind, namespace: kind.namespaced ? (namespace ?? "default") : nil, name: name)
        guard let existing = objects[key] else { return nil }
        if let resourceVersion, !resourceVersion.isEmpty, resourceVersion != String(existing.resourceVersion) {
            throw KubeStatus.modified(kind, name).error
        }
        var value = existing.value
        value.set(["status"], status.isNull ? nil : status)
        value = Self.ordered(value)
        if value == existing.value { return existing }
        let version = currentVersion + 1
        value.set(["metadata", "resourceVersion"], .string(String(version)))
        var stored = existing
        stored.value = value
        stored.resourceVersion = version
        if dryRun { return stored }
        try persist(stored)
        commit(stored, event: .modified)
        return stored
    }

    /// Replaces `metadata.managedFields` without counting as a spec change (server-side apply bookkeeping done
    /// after a status write).
    func replaceManagedFields(_ key: ObjectKey, _ managedFields: Value?) throws(KServeError) -> StoredObject? {
        guard var stored = objects[key] else { return nil }
        stored.value.set(["metadata", "managedFields"], managedFields)
        if stored == objects[key] { return stored }
        let version = currentVersion + 1
        stored.resourceVersion = version
        stored.value.set(["metadata", "resourceVersion"], .string(String(version)))
        try persist(stored)
        commit(stored, event: .modified)
        return stored
    }

    // MARK: - Namespaces

    package func namespace(_ name: String) -> Value? { namespaceObjects[name] }

    package func namespaces() -> (objects: [Value], resourceVersion: UInt64) {
        (namespaceObjects.keys.sorted().compactMap { namespaceObjects[$0] }, currentVersion)
    }

    /// Creates a namespace (409 AlreadyExists when it exists).
    package func createNamespace(_ name: String, dryRun: Bool = false) throws(KServeError) -> Value {
        if let problem = ObjectNameRules.dns1123LabelProblem(name) {
            throw KubeStatus(
                code: 422,
                reason: "Invalid",
                message: "Namespace \"\(name)\" is invalid: metadata.name: Invalid value: \"\(name)\": \(problem)",
                name: name,
                kind: "Namespace",
                causes: [.init(reason: "FieldValueInvalid", message: problem, field: "metadata.name")]
            ).error
        }
        guard namespaceObjects[name] == nil else {
            throw KubeStatus(
                code: 409,
                reason: "AlreadyExists",
                message: "namespaces \"\(name)\" already exists",
                name: name,
                kind: "namespaces"
            ).error
        }
        if dryRun { return Self.namespaceObject(name, version: currentVersion + 1) }
        return try createNamespaceRecord(name)
    }

    @discardableResult
    private func createNamespaceRecord(_ name: String) throws(KServeError) -> Value {
        let version = currentVersion + 1
        let value = Self.namespaceObject(name, version: version)
        if let files { try files.write(JSONWriter.bytes(value), to: "namespaces/\(name).json") }
        namespaceObjects[name] = value
        currentVersion = version
        return value
    }

    static func namespaceObject(_ name: String, version: UInt64) -> Value {
        [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": [
                "name": .string(name), "uid": .string(ObjectMetadata.uid()),
                "resourceVersion": .string(String(version)),
                "creationTimestamp": .string(RFC3339.now()),
                "labels": ["kubernetes.io/metadata.name": .string(name)],
            ],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Active"],
        ]
    }

    // MARK: - Change feed

    /// Every change from now on; with `replay`, first an ADDED for every existing object (of every kind). For the
    /// server's own consumers (the reconciler), which read as fast as changes come: never dropped.
    package func subscribe(replay: Bool) -> AsyncStream<StoreEvent> {
        subscribe(replay: replay, backlog: nil)
    }

    private func subscribe(replay: Bool, backlog: Int?) -> AsyncStream<StoreEvent> {
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(
            bufferingPolicy: backlog.map { .bufferingOldest(objects.count + $0) } ?? .unbounded
        )
        if replay {
            for object in objects.values.sorted(by: { $0.key < $1.key }) {
                continuation.yield(StoreEvent(kind: .added, object: object))
            }
        }
        register(continuation)
        return stream
    }

    /// Every change after `resourceVersion`, first the recorded ones, then live ones. A version older than the
    /// recorded history is a 410 Gone: the client must list again.
    package func subscribe(after resourceVersion: UInt64) throws(KServeError) -> AsyncStream<StoreEvent> {
        try subscribe(after: resourceVersion, backlog: nil)
    }

    private func subscribe(after resourceVersion: UInt64, backlog: Int?) throws(KServeError) -> AsyncStream<StoreEvent>
    {
        guard resourceVersion >= historyStart else {
            throw KubeStatus.gone(
                "too old resource version: \(resourceVersion) (\(historyStart + 1))"
            ).error
        }
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(
            bufferingPolicy: backlog.map { .bufferingOldest(history.count + $0) } ?? .unbounded
        )
        for event in history where event.object.resourceVersion > resourceVersion {
            continuation.yield(event)
        }
        register(continuation)
        return stream
    }

    /// An API watch's feed and the resourceVersion it starts at: with nil, an ADDED for every existing object and
    /// then every change; with a version, every change after it (410 Gone when that is older than the history).
    /// Bounded: once more than ``watchBacklog`` changes wait unread, the feed ends (memory never grows with a client
    /// that does not read); the watch answers such an end as a fallen-behind watcher (see `ControlPlane.watch`).
    func watch(after resourceVersion: UInt64?) throws(KServeError) -> (events: AsyncStream<StoreEvent>, start: UInt64) {
        guard let resourceVersion else { return (subscribe(replay: true, backlog: watchBacklog), currentVersion) }
        return (try subscribe(after: resourceVersion, backlog: watchBacklog), max(resourceVersion, historyStart))
    }

    /// Ends every subscription (on shutdown, so that open watches finish).
    package func close() {
        closed = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    private func register(_ continuation: AsyncStream<StoreEvent>.Continuation) {
        guard !closed else {
            continuation.finish()
            return
        }
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.unsubscribe(id) }
        }
    }

    /// Feeds open now (the reconciler's and the API watches').
    var subscriberCount: Int { subscribers.count }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    // MARK: - Internals

    /// The object as an object value with the kind's apiVersion and kind, or a 422 naming every problem.
    private func checked(_ object: Value, kind: ResourceKind) throws(KServeError) -> Value {
        let problems = ObjectValidation.problems(object, kind: kind)
        guard problems.isEmpty else {
            throw KubeStatus.invalid(kind, object.at(["metadata", "name"])?.stringValue ?? "", problems).error
        }
        var value = object
        value.set(["apiVersion"], .string(kind.apiVersion))
        value.set(["kind"], .string(kind.kind))
        return value
    }

    private func persist(_ object: StoredObject) throws(KServeError) {
        guard let files else { return }
        try files.write(JSONWriter.bytes(object.value), to: Self.path(of: object.key))
    }

    private func saveVersion(_ version: UInt64) throws(KServeError) {
        guard let files else { return }
        try files.write(Array(String(version).utf8), to: Self.versionFile)
    }

    private func commit(_ object: StoredObject, event: StoreEvent.Kind) {
        objects[object.key] = object
        currentVersion = object.resourceVersion
        publish(StoreEvent(kind: event, object: object))
    }

    private func publish(_ event: StoreEvent) {
        history.append(event)
        if history.count > historyLimit {
            let dropped = history.count - historyLimit
            historyStart = history[dropped - 1].object.resourceVersion
            history.removeFirst(dropped)
        }
        for (id, continuation) in subscribers {
            // A bounded feed that is full belongs to a watcher that stopped reading: it ends, and is forgotten.
            if case .dropped = continuation.yield(event) {
                continuation.finish()
                subscribers[id] = nil
            }
        }
    }

    /// `objects/PLURAL/NAMESPACE/NAME.json` (`_cluster` for cluster-scoped kinds).
    static func path(of key: ObjectKey) -> String {
        "objects/\(key.kind.plural)/\(key.namespace ?? "_cluster")/\(key.name).json"
    }

    /// An object read back from its file, checked against where it was found.
    static func decode(path: String, bytes: [UInt8]) throws(KServeError) -> StoredObject {
        let value = try JSONParser.parse(bytes, source: path)
        guard let kindName = value["kind"]?.stringValue, let kind = ResourceKind(kind: kindName) else {
            throw KServeError(.invalidInput, "no known kind")
        }
        guard let name = value.at(["metadata", "name"])?.stringValue,
            let version = value.at(["metadata", "resourceVersion"])?.stringValue.flatMap(UInt64.init)
        else {
            throw KServeError(.invalidInput, "metadata.name or metadata.resourceVersion is missing")
        }
        let namespace = kind.namespaced ? (value.at(["metadata", "namespace"])?.stringValue ?? "default") : nil
        let object = StoredObject(
            kind: kind,
            namespace: namespace,
            name: name,
            value: value,
            resourceVersion: version,
            generation: value.at(["metadata", "generation"])?.int64Value ?? 1
        )
        guard path == Self.path(of: object.key) else {
            throw KServeError(.invalidInput, "the object inside is \(Self.path(of: object.key)), not this file")
        }
        return object
    }

    /// Top-level keys in Kubernetes' order: apiVersion, kind, metadata, spec, status, then the rest.
    static func ordered(_ value: Value) -> Value {
        guard let object = value.objectValue else { return value }
        var result = ValueObject()
        for key in ["apiVersion", "kind", "metadata", "spec", "status"] { result[key] = object[key] }
        for (key, entry) in object where result[key] == nil { result[key] = entry }
        return .object(result)
    }
}
