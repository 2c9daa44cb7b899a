import Core

/// Where one registered model stands, each state holding what only it has: a loaded model exists exactly in the
/// states that serve or drain it, load waiters exactly while a load is under way, drain waiters exactly while an
/// unload waits for requests. The transitions are the mutating functions below; each says what the repository must
/// do next (resume waiters, drop a model's bytes, wait), so no state can be READY without a model.
enum ModelLifecycle {
    /// Registered and not loaded: never loaded, evicted, unloaded, or a load abandoned. `parked` after an explicit
    /// unload: requests do not load it again until an explicit load.
    case unavailable(reason: String, parked: Bool)
    /// Load `load` is queued or running; `waiters` get its result.
    case loading(load: UInt64, waiters: [LoadWaiter])
    /// Load `load` produced `model`, but its bytes fit the budget only once models in use are released: it is
    /// installed then, and its waiters keep waiting (each within its deadline), as ModelMesh queues requests.
    case awaitingRoom(load: UInt64, model: LoadedModel, reason: String, waiters: [LoadWaiter])
    case ready(LoadedModel)
    /// An explicit unload waits for the requests that hold the model.
    case unloading(LoadedModel, drainWaiters: [CheckedContinuation<Void, Never>])
    /// The last load failed; only an explicit load tries again.
    case failed(reason: String)

    static let unloadedReason = "unloaded on request"
    static let evictedReason = "evicted to stay within the memory budget"

    /// The state as the V2 repository index spells it.
    var state: ModelState {
        switch self {
        case .unavailable: .unavailable
        case .loading, .awaitingRoom: .loading
        case .ready: .ready
        case .unloading: .unloading
        case .failed: .failed
        }
    }

    /// Why the model is where it is; empty when there is nothing to say.
    var reason: String {
        switch self {
        case .unavailable(let reason, _), .failed(let reason), .awaitingRoom(_, _, let reason, _): reason
        case .loading, .ready: ""
        case .unloading: "unloading on request"
        }
    }

    /// The model that holds memory: a ready or draining one (a model awaiting room is not installed yet).
    var residentModel: LoadedModel? {
        switch self {
        case .ready(let model), .unloading(let model, _): model
        default: nil
        }
    }

    /// The load whose result this state expects, if any.
    var pendingLoad: UInt64? {
        switch self {
        case .loading(let load, _), .awaitingRoom(let load, _, _, _): load
        default: nil
        }
    }

    // MARK: - Loading

    /// Starts load `load`. Only from a state without a model or a load: the repository checks that first.
    mutating func startLoad(_ load: UInt64) {
        self = .loading(load: load, waiters: [])
    }

    /// Adds a waiter to the load under way; false (nothing changed) when there is none.
    mutating func addLoadWaiter(_ waiter: LoadWaiter) -> Bool {
        switch self {
        case .loading(let load, var waiters):
            waiters.append(waiter)
            self = .loading(load: load, waiters: waiters)
        case .awaitingRoom(let load, let model, let reason, var waiters):
            waiters.append(waiter)
            self = .awaitingRoom(load: load, model: model, reason: reason, waiters: waiters)
        default:
            return false
        }
        return true
    }

    /// Takes the waiter `id` out of the load's waiters (its deadline passed or its task was cancelled).
    mutating func removeLoadWaiter(id: UInt64) -> LoadWaiter? {
        switch self {
        case .loading(let load, var waiters):
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = waiters.remove(at: index)
            self = .loading(load: load, waiters: waiters)
            return waiter
        case .awaitingRoom(let load, let model, let reason, var waiters):
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = waiters.remove(at: index)
            self = .awaitingRoom(load: load, model: model, reason: reason, waiters: waiters)
            return waiter
        default:
            return nil
        }
    }

    /// Load `load` produced `model` and it fits: READY. Returns the waiters to resume, or nil (nothing changed)
    /// when the load is no longer the one expected (unloaded, unregistered or superseded meanwhile).
    mutating func install(load: UInt64, _ model: LoadedModel) -> [LoadWaiter]? {
        switch self {
        case .loading(load, let waiters), .awaitingRoom(load, _, _, let waiters):
            self = .ready(model)
            return waiters
        default:
            return nil
        }
    }

    /// Load `load` produced `model`, which must wait for room (see ``awaitingRoom``); false when the load is stale.
    mutating func awaitRoom(load: UInt64, _ model: LoadedModel, reason: String) -> Bool {
        guard case .loading(load, let waiters) = self else { return false }
        self = .awaitingRoom(load: load, model: model, reason: reason, waiters: waiters)
        return true
    }

    /// Load `load` failed: FAILED with `reason`. Returns the waiters to fail, or nil when the load is stale.
    mutating func failLoad(load: UInt64, reason: String) -> [LoadWaiter]? {
        switch self {
        case .loading(load, let waiters), .awaitingRoom(load, _, _, let waiters):
            self = .failed(reason: reason)
            return waiters
        default:
            return nil
        }
    }

    // MARK: - Unloading

    /// What an explicit unload has to do next.
    enum UnloadAction {
        /// The model was idle: it is gone now; the repository gives its bytes back.
        case dropped(LoadedModel)
        /// Requests hold the model: wait for them (``addDrainWaiter(_:)``).
        case drain
        /// A load was under way: it is abandoned; these waiters get an error.
        case abandoned([LoadWaiter])
        /// Nothing was loaded.
        case nothing
    }

    /// An explicit unload; afterwards (once drained) the model is parked: UNAVAILABLE until an explicit load.
    mutating func unload(holds: Int) -> UnloadAction {
        switch self {
        case .ready(let model) where holds == 0:
            self = .unavailable(reason: Self.unloadedReason, parked: true)
            return .dropped(model)
        case .ready(let model):
            self = .unloading(model, drainWaiters: [])
            return .drain
        case .unloading:
            return .drain
        case .loading(_, let waiters), .awaitingRoom(_, _, _, let waiters):
            self = .unavailable(reason: Self.unloadedReason, parked: true)
            return .abandoned(waiters)
        case .unavailable, .failed:
            self = .unavailable(reason: Self.unloadedReason, parked: true)
            return .nothing
        }
    }

    /// Waits for an unload's drain; false when the model is not draining.
    mutating func addDrainWaiter(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        guard case .unloading(let model, var waiters) = self else { return false }
        waiters.append(continuation)
        self = .unloading(model, drainWaiters: waiters)
        return true
    }

    /// The last request holding a draining model ended: parked and UNAVAILABLE. Returns the model (its bytes go
    /// back) and the unloads waiting for this, or nil when the model was not draining.
    mutating func finishDrain() -> (model: LoadedModel, waiters: [CheckedContinuation<Void, Never>])? {
        guard case .unloading(let model, let waiters) = self else { return nil }
        self = .unavailable(reason: Self.unloadedReason, parked: true)
        return (model, waiters)
    }

    /// Evicted to make room: UNAVAILABLE (not parked: the next request loads it again). Returns the evicted model;
    /// nil, with nothing changed, unless the model was ready.
    mutating func evict() -> LoadedModel? {
        guard case .ready(let model) = self else { return nil }
        self = .unavailable(reason: Self.evictedReason, parked: false)
        return model
    }
}

/// A caller waiting for a model to finish loading.
struct LoadWaiter {
    let id: UInt64
    /// A request (takes an in-flight hold on success) rather than an explicit load.
    let acquires: Bool
    let continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>
    /// Ends the wait at the load deadline; cancelled when the wait ends otherwise.
    var deadline: Task<Void, Never>?
}
