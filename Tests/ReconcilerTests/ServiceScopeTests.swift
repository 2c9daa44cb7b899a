import Testing

@testable import Reconciler

/// The header that carries an InferenceService's models to the repository-wide listings.
@Suite struct ServiceScopeTests {
    @Test func namesAndKeysSurviveTheHeaderWhateverTheyHold() throws {
        let scope = ServiceScope(models: ["iris": "iris.team-a", "a,b=c%d": "a,b=c%d.team-a", "modèle": "modèle.x"])
        let text = scope.headerValue
        #expect(!text.contains(" ") && text.split(separator: ",").count == 3, "\(text)")
        let read = try #require(ServiceScope(headerValue: text))
        #expect(read == scope)
        #expect(read.shownName(ofKey: "a,b=c%d.team-a") == "a,b=c%d")
        #expect(read.shownName(ofKey: "iris") == nil)
    }

    @Test func aMalformedHeaderIsNoScope() {
        #expect(ServiceScope(headerValue: "iris") == nil)
        #expect(ServiceScope(headerValue: "iris=%zz") == nil)
    }
}
