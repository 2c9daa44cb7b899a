import Testing

@testable import KServeCLI

/// The value readers the parser and commands share.
extension ArgumentParserTests {
    static let durations: [(String, Double?)] = [
        ("500ms", 0.5), ("30s", 30), ("5m", 300), ("1h", 3600), ("1m30s", 90), ("1.5h", 5400), ("90", 90),
        ("0.25", 0.25), ("2h0m1s", 7201), ("0", 0), ("", nil), ("fast", nil), ("5x", nil), ("m", nil),
        ("1m30", nil), ("-5s", nil), ("1..2s", nil), (".s", nil), ("1e3", nil), ("5 m", nil),
    ]

    @Test(arguments: durations)
    func duration(_ text: String, _ seconds: Double?) {
        #expect(DurationText.seconds(text) == seconds)
    }

    static let pairs: [(String, String?, String?)] = [
        ("Authorization: Bearer a=b", "Authorization", "Bearer a=b"),
        ("x-id=7", "x-id", "7"),
        ("a=b:c", "a", "b:c"),
        ("Empty:", "Empty", ""),
        ("  Spaced  :  value  ", "Spaced", "value"),
        (": value", nil, nil),
        ("no separator", nil, nil),
    ]

    @Test(arguments: pairs)
    func keyValue(_ text: String, _ key: String?, _ value: String?) {
        let split = KeyValueText.split(text)
        #expect(split?.key == key)
        #expect(split?.value == value)
    }

    @Test func keyValuesOfAnInvocation() {
        let invocation = Invocation(command: "predict", given: ["header": ["A: 1", "b=2", "bad"]])
        #expect(invocation.keyValues(OptionKey("header")).map { "\($0.key)|\($0.value)" } == ["A|1", "b|2"])
    }

    static let distances: [(String, String, Int)] = [
        ("model", "model", 0), ("modle", "model", 1), ("mdel", "model", 1), ("predcit", "predict", 1),
        ("", "abc", 3), ("kitten", "sitting", 3), ("namespce", "namespace", 1),
    ]

    @Test(arguments: distances)
    func editDistance(_ lhs: String, _ rhs: String, _ expected: Int) {
        #expect(Suggestion.editDistance(lhs, rhs) == expected)
        #expect(Suggestion.editDistance(rhs, lhs) == expected)
    }

    @Test func suggestionsStayClose() {
        #expect(Suggestion.closest(to: "tmeout", among: ["url", "timeout"]) == "timeout")
        #expect(Suggestion.closest(to: "xyz", among: ["url", "timeout"]) == nil)
        #expect(Suggestion.closest(to: "v3", among: ["v1", "v2"]) == nil)
    }
}
