import Core
import Testing

@testable import Runtime

/// The per-model state machine on its own: each transition, what it returns, and what it refuses.
@Suite struct ModelLifecycleTests {
    private static func model() throws -> LoadedModel { try Fixtures.loadedModel(.xgboost, "binary_logistic") }

    @Test func aLoadInstallsOnlyItsOwnResult() throws {
        let model = try Self.model()
        var lifecycle = ModelLifecycle.unavailable(reason: "", parked: false)
        lifecycle.startLoad(7)
        #expect(lifecycle.state == .loading && lifecycle.pendingLoad == 7)
        let stale = lifecycle.install(load: 6, model)
        #expect(stale == nil && lifecycle.state == .loading)
        let waiters = lifecycle.install(load: 7, model)
        #expect(waiters?.isEmpty == true)
        #expect(lifecycle.state == .ready && lifecycle.residentModel === model && lifecycle.reason.isEmpty)
        #expect(lifecycle.pendingLoad == nil)
    }

    @Test func aFailedLoadSaysWhyAndAStaleFailureChangesNothing() {
        var lifecycle = ModelLifecycle.unavailable(reason: "", parked: false)
        lifecycle.startLoad(1)
        let stale = lifecycle.failLoad(load: 2, reason: "stale")
        #expect(stale == nil && lifecycle.state == .loading)
        let waiters = lifecycle.failLoad(load: 1, reason: "bad file")
        #expect(waiters?.isEmpty == true)
        #expect(lifecycle.state == .failed && lifecycle.reason == "bad file" && lifecycle.residentModel == nil)
    }

    @Test func aModelWaitingForRoomIsLoadingWithTheReasonAndNotResident() throws {
        let model = try Self.model()
        var lifecycle = ModelLifecycle.unavailable(reason: "", parked: false)
        lifecycle.startLoad(3)
        let stale = lifecycle.awaitRoom(load: 4, model, reason: "stale")
        #expect(!stale)
        let waiting = lifecycle.awaitRoom(load: 3, model, reason: "waiting for room")
        #expect(waiting)
        #expect(lifecycle.state == .loading && lifecycle.reason == "waiting for room")
        #expect(lifecycle.residentModel == nil && lifecycle.pendingLoad == 3)
        let installed = lifecycle.install(load: 3, model)
        #expect(installed != nil && lifecycle.state == .ready)
    }

    @Test func unloadingAnIdleModelDropsItAndParksIt() throws {
        let model = try Self.model()
        var lifecycle = ModelLifecycle.ready(model)
        guard case .dropped(let dropped) = lifecycle.unload(holds: 0) else {
            Issue.record("an idle ready model was not dropped")
            return
        }
        #expect(dropped === model)
        guard case .unavailable(let reason, let parked) = lifecycle else {
            Issue.record("not unavailable after an unload: \(lifecycle.state)")
            return
        }
        #expect(reason == ModelLifecycle.unloadedReason && parked)
    }

    @Test func unloadingAHeldModelDrainsThenParks() throws {
        let model = try Self.model()
        var lifecycle = ModelLifecycle.ready(model)
        guard case .drain = lifecycle.unload(holds: 2) else {
            Issue.record("a held model was not left to drain")
            return
        }
        #expect(lifecycle.state == .unloading && lifecycle.residentModel === model)
        guard case .drain = lifecycle.unload(holds: 2) else {
            Issue.record("a second unload does not wait for the same drain")
            return
        }
        let evicted = lifecycle.evict()
        #expect(evicted == nil)
        guard let drained = lifecycle.finishDrain() else {
            Issue.record("a draining model did not finish its drain")
            return
        }
        #expect(drained.model === model && drained.waiters.isEmpty)
        let again = lifecycle.finishDrain()
        #expect(lifecycle.state == .unavailable && again == nil)
    }

    @Test func unloadingALoadAbandonsIt() throws {
        var lifecycle = ModelLifecycle.unavailable(reason: "", parked: false)
        lifecycle.startLoad(5)
        guard case .abandoned(let waiters) = lifecycle.unload(holds: 0) else {
            Issue.record("a load under way was not abandoned")
            return
        }
        #expect(waiters.isEmpty)
        let late = lifecycle.install(load: 5, try Self.model())
        #expect(lifecycle.pendingLoad == nil && late == nil)
        #expect(lifecycle.state == .unavailable && lifecycle.reason == ModelLifecycle.unloadedReason)
    }

    @Test func onlyAReadyModelIsEvictedAndEvictionDoesNotPark() throws {
        let model = try Self.model()
        var loading = ModelLifecycle.unavailable(reason: "", parked: false)
        loading.startLoad(1)
        let notReady = loading.evict()
        #expect(notReady == nil && loading.state == .loading)
        var lifecycle = ModelLifecycle.ready(model)
        let evicted = lifecycle.evict()
        #expect(evicted === model)
        guard case .unavailable(let reason, let parked) = lifecycle else {
            Issue.record("not unavailable after an eviction")
            return
        }
        #expect(reason == ModelLifecycle.evictedReason && !parked)
    }
}
