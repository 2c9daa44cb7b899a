import HTTPTypes
import Hummingbird
import Testing

@testable import Server

/// How error messages about a model addressed through an InferenceService are reworded to the client's name.
@Suite struct AddressedModelTests {
    static func request(path: String, addressed: String?) -> Request {
        var fields = HTTPFields()
        if let addressed, let field = AddressedModel.field { fields[field] = addressed }
        let head = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: path, headerFields: fields)
        return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
    }

    @Test func theKeyIsReplacedOnlyWhereItStandsAsAWholeName() {
        let request = Self.request(path: "/v2/models/iris.team-a/infer", addressed: "iris")
        let message = "model iris.team-a: input wrong; model iris.team-ab and xiris.team-a stay; \"iris.team-a\" ends"
        #expect(
            AddressedModel.reworded(message, request: request)
                == "model iris: input wrong; model iris.team-ab and xiris.team-a stay; \"iris\" ends"
        )
    }

    @Test func requestsNotRenamedKeepTheirMessage() {
        let message = "model iris.team-a: input wrong"
        let byKey = Self.request(path: "/v2/models/iris.team-a/infer", addressed: nil)
        #expect(AddressedModel.reworded(message, request: byKey) == message)
        let notAModelPath = Self.request(path: "/v2/health/ready", addressed: "iris")
        #expect(AddressedModel.reworded(message, request: notAModelPath) == message)
        let v1 = Self.request(path: "/v1/models/iris.team-a:predict", addressed: "iris")
        #expect(AddressedModel.reworded(message, request: v1) == "model iris: input wrong")
    }
}
