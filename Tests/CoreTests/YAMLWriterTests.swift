import Testing

@testable import Core

@Suite struct YAMLWriterTests {
    private func roundTrip(_ value: Value) throws -> Value {
        try YAMLParser.parse(YAMLWriter.string(value), source: "written.yaml")
    }

    @Test func blockStyleWithTwoSpaceIndentInStoredOrder() {
        let value: Value = [
            "zeta": 1,
            "alpha": ["nested": ["deep": true], "list": [1, "two", nil]],
            "items": [["name": "a", "port": 8080], ["name": "b"]],
            "empty": [:],
            "none": [],
        ]
        let expected = """
            zeta: 1
            alpha:
              nested:
                deep: true
              list:
              - 1
              - two
              - null
            items:
            - name: a
              port: 8080
            - name: b
            empty: {}
            none: []

            """
        #expect(YAMLWriter.string(value) == expected)
    }

    @Test func scalarsAtTheRoot() {
        #expect(YAMLWriter.string("hello") == "hello\n")
        #expect(YAMLWriter.string(42) == "42\n")
        #expect(YAMLWriter.string(.uint(UInt64.max)) == "18446744073709551615\n")
        #expect(YAMLWriter.string(nil) == "null\n")
        #expect(YAMLWriter.string(false) == "false\n")
    }

    @Test func documentsAreSeparated() {
        #expect(YAMLWriter.documents([]) == "")
        #expect(YAMLWriter.documents([["a": 1], ["b": [2]], "c"]) == "a: 1\n---\nb:\n- 2\n--- c\n")
    }

    @Test func stringsThatWouldResolveOtherwiseAreQuoted() {
        let value: Value = [
            "a": "yes", "b": "1.0", "c": "null", "d": "", "e": "0x1F", "f": "~", "g": "Off", "h": "-12", "i": ".inf",
            "j": "09", "k": "2024-05-01", "l": "<<", "m": "1e3", "n": "y",
        ]
        let expected = """
            a: "yes"
            b: "1.0"
            c: "null"
            d: ""
            e: "0x1F"
            f: "~"
            g: "Off"
            h: "-12"
            i: ".inf"
            j: "09"
            k: "2024-05-01"
            l: "<<"
            m: "1e3"
            "n": "y"

            """
        #expect(YAMLWriter.string(value) == expected)
    }

    @Test func plainWhenSafe() {
        let value: Value = ["name": "sklearn-iris", "uri": "gs://bucket/model", "text": "hello world", "v": "v1beta1"]
        #expect(
            YAMLWriter.string(value) == "name: sklearn-iris\nuri: gs://bucket/model\ntext: hello world\nv: v1beta1\n"
        )
    }

    @Test func multiLineStringsUseLiteralBlocks() {
        #expect(YAMLWriter.string(["script": "echo a\necho b\n"]) == "script: |\n  echo a\n  echo b\n")
        #expect(YAMLWriter.string(["s": "a\nb"]) == "s: |-\n  a\n  b\n")
    }

    @Test func doublesKeepTheirKind() {
        let value: Value = [
            "one": 1.0, "tenth": 0.1, "big": 1e20, "small": 1.5e-7, "negative": -2.5, "inf": .double(.infinity),
            "negInf": .double(-.infinity),
        ]
        let expected = """
            one: 1.0
            tenth: 0.1
            big: 1e+20
            small: 1.5e-07
            negative: -2.5
            "inf": .inf
            negInf: -.inf

            """
        #expect(YAMLWriter.string(value) == expected)
    }

    static let trickyStrings: [String] = [
        "", " ", "  leading", "trailing ", "yes", "No", "ON", "y", "n", "true", "null", "Null", "~", "1", "-1", "+1",
        "1.0", "1e3", ".5", "0x1F", "0o17", "017", "0b101", "09", ".inf", "-.Inf", ".nan", "inf", "nan", "1_000",
        "a: b", "a:b", "a #b", "#x", "- a", "-", "--", "---", "...", "? x", "?", ":", ": a", "[x]", "{x}", "x, y",
        "&a", "*a", "!tag", "%x", "@x", "`x", "|", ">", "'", "\"", "'quoted'", "\"dq\"", "\\", "a\\nb", "<<", "=",
        "\n", "\n\n", "a\n", "a\n\n", "\na", " a\nb", "a \nb", "a\n b", "a\tb", "\t", "a\r\nb", "\r", "line\u{85}x",
        "x\u{2028}y", "nul\u{0}x", "\u{7}bell", "\u{FEFF}bom", "héllo", "日本語", "emoji 🙂", "\u{1F}", "2024-05-01",
        "2001-12-14t21:59:43.10-05:00", "1:30", String(repeating: "long words ", count: 30), "ends with colon:",
        "http://example.com:8080/x?y=1#z", "100m", "1Gi", "v2", "x: |", "a\n  b\n c",
    ]

    @Test(arguments: trickyStrings)
    func stringsRoundTripAsValuesAndKeys(_ string: String) throws {
        let value: Value = ["value": .string(string), "list": [.string(string)], "keys": [string: 1]]
        #expect(try roundTrip(value) == value)
        #expect(try roundTrip(.string(string)) == .string(string))
    }

    static let numbers: [Value] = [
        0, 1, -1, .int(Int64.max), .int(Int64.min), .uint(UInt64(Int64.max) + 1), .uint(UInt64.max), 0.0, -0.0, 1.0,
        0.1, -2.5, 1e20, 1e-20, 123_456_789.123, .double(Double.greatestFiniteMagnitude),
        .double(Double.leastNonzeroMagnitude), .double(.infinity), .double(-.infinity), true, false, nil,
    ]

    @Test(arguments: numbers)
    func scalarValuesRoundTrip(_ value: Value) throws {
        #expect(try roundTrip(value) == value)
        #expect(try roundTrip(["k": value]) == ["k": value])
    }

    @Test func notANumberRoundTrips() throws {
        let value = try #require(try roundTrip(.double(.nan)).doubleValue)
        #expect(value.isNaN)
    }

    @Test func jsonToYAMLAndBack() throws {
        let json = #"""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"a": [1, 2.0, -3e-5, true, false, null], "b": {"c": "line1\nline2", "d": "", "e": "007"}},
              {"unicode": "caf\u00e9 \ud83d\ude00", "big": 18446744073709551615, "neg": -9223372036854775808},
              {"empty": {}, "none": [], "nested": [[[]], [{}]], "quote": "\"yes\"", "colon": "a: b"}
            ]}
            """#
        let value = try JSONParser.parse(json)
        let yaml = YAMLWriter.string(value)
        #expect(try YAMLParser.parse(yaml) == value)
        #expect(try JSONParser.parse(JSONWriter.string(try YAMLParser.parse(yaml))) == value)
    }

    @Test func parsedManifestRoundTrips() throws {
        let text = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                serving.kserve.io/deploymentMode: Knative
            spec:
              predictor:
                minReplicas: 1
                model:
                  modelFormat: {name: sklearn, version: "1"}
                  storageUri: gs://kfserving-examples/models/sklearn/1.0/model
                  resources:
                    limits: {cpu: "1", memory: 1Gi}
            status:
              conditions:
              - {type: Ready, status: "True", lastTransitionTime: "2024-05-01T10:00:05Z"}

            """
        let value = try YAMLParser.parse(text)
        let written = YAMLWriter.string(value)
        #expect(try YAMLParser.parse(written) == value)
        #expect(written.contains("version: \"1\"\n"))
        #expect(written.contains("status: \"True\"\n"))
        #expect(written.contains("lastTransitionTime: \"2024-05-01T10:00:05Z\"\n"))
        #expect(written.contains("cpu: \"1\"\n"))
        #expect(written.contains("memory: 1Gi\n"))
    }

    @Test func multipleDocumentsRoundTrip() throws {
        let values: [Value] = [["a": 1], "text", [1, [2, 3]], ["s": "multi\nline"], nil]
        #expect(try YAMLParser.parseDocuments(YAMLWriter.documents(values)) == values)
    }
}
