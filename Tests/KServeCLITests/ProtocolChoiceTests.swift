import Core
import Inference
import Testing

@testable import KServeCLI

@Suite struct ProtocolChoiceTests {
    static let v1Document: Value = ["instances": [[1, 2]]]
    static let v2Document: Value = ["inputs": [["name": "input-0", "shape": [1], "datatype": "FP32", "data": [1]]]]

    @Test func theFlagWinsOverTheServiceAndTheDocument() throws {
        let chosen = try ProtocolChoice.resolve(explicit: "v1", declared: .v2, document: Self.v2Document, source: "f")
        #expect(chosen == .v1)
    }

    @Test func theServicesProtocolWinsOverTheDocument() throws {
        let chosen = try ProtocolChoice.resolve(explicit: nil, declared: .v1, document: Self.v2Document, source: "f")
        #expect(chosen == .v1)
    }

    @Test func theDocumentDecidesOtherwiseAndNoDocumentMeansV2() throws {
        #expect(try ProtocolChoice.resolve(explicit: nil, document: Self.v1Document, source: "f") == .v1)
        #expect(try ProtocolChoice.resolve(explicit: nil, document: Self.v2Document, source: "f") == .v2)
        #expect(try ProtocolChoice.resolve(explicit: nil, document: nil, source: "") == .v2)
    }

    @Test func aBadFlagIsAUsageErrorAndAnUnknownDocumentNamesItsSource() {
        do {
            _ = try ProtocolChoice.resolve(explicit: "v3", document: nil, source: "")
            Issue.record("v3 was accepted")
        } catch {
            #expect(error.code == .usage && error.message.contains("'v3'"))
        }
        do {
            _ = try ProtocolChoice.resolve(explicit: nil, document: ["rows": [1]], source: "in.json")
            Issue.record("a document without instances or inputs was accepted")
        } catch {
            #expect(error.code == .invalidInput && error.message.hasPrefix("in.json: cannot tell the protocol"))
        }
    }
}
