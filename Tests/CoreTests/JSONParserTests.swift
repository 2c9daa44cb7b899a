import Core
import Testing

@Suite struct JSONParserTests {
    @Test func scalarsKeepTheirKinds() throws {
        let value = try JSONParser.parse(
            #"{"i": 1, "neg": -7, "f": 1.0, "e": 1e3, "big": 18446744073709551615, "s": "x", "t": true, "n": null}"#
        )
        #expect(value["i"] == .int(1))
        #expect(value["neg"] == .int(-7))
        #expect(value["f"] == .double(1.0))
        #expect(value["e"] == .double(1000))
        #expect(value["big"] == .uint(UInt64.max))
        #expect(value["s"] == .string("x"))
        #expect(value["t"] == .bool(true))
        #expect(value["n"] == .null)
    }

    @Test func keysKeepTheirOrder() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func escapesAndUnicode() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00", "wörld"]"#)
        #expect(value[0] == .string("a\"b\\c/\n\t"))
        #expect(value[1] == .string("é😀"))
        #expect(value[2] == .string("wörld"))
    }

    @Test(arguments: [
        ("{\n  \"a\": 1,,\n}", "doc.json:2:10: expected a string key, found ','"),
        ("[1, 2", "doc.json:1:6: unexpected end of input inside an array"),
        ("{\"a\" 1}", "doc.json:1:6: expected ':' after key \"a\""),
        ("[01]", "doc.json:1:2: numbers may not have leading zeros"),
        ("[NaN]", "doc.json:1:2: NaN and Infinity are not valid JSON numbers"),
        ("\"abc", "doc.json:1:1: unterminated string"),
        ("{\"a\": 1, \"a\": 2}", "doc.json:1:10: duplicate key \"a\""),
        ("[1] x", "doc.json:1:5: unexpected 'x' after the JSON value"),
        ("[\"\\q\"]", "doc.json:1:3: invalid escape '\\q'"),
        ("[\"\\ud800\"]", "doc.json:1:9: unpaired surrogate in \\u escape"),
        ("", "doc.json:1:1: unexpected end of input, expected a value"),
        ("[1.]", "doc.json:1:4: expected a digit after '.'"),
        ("[tru]", "doc.json:1:2: invalid literal, expected 'true'"),
    ])
    func errorsNameLineAndColumn(text: String, message: String) {
        #expect(throws: KServeError.self) { try JSONParser.parse(text, source: "doc.json") }
        do {
            _ = try JSONParser.parse(text, source: "doc.json")
        } catch {
            #expect(error.message == message)
            #expect(error.code == .invalidInput)
        }
    }

    @Test func nonFiniteNumbersOnlyWhenAllowed() throws {
        let text = "[NaN, Infinity, -Infinity, -1]"
        #expect(throws: KServeError.self) { try JSONParser.parse(text) }
        let value = try JSONParser.parse(text, allowNonFinite: true)
        #expect(value[0]?.doubleValue?.isNaN == true)
        #expect(value[1] == .double(.infinity))
        #expect(value[2] == .double(-.infinity))
        #expect(value[3] == .int(-1))
        #expect(throws: KServeError.self) { try JSONParser.parse("[Nan]", allowNonFinite: true) }
    }

    @Test func invalidUTF8IsAnError() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: KServeError.self) { try JSONParser.parse(bytes, source: "b") }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: KServeError.self) { try JSONParser.parse(text) }
    }

    @Test func writerRoundTrips() throws {
        let original: Value = [
            "name": "x\n\"y\"", "ints": [1, -2, 3], "floats": [0.1, 1.0, -2.5e-300, 1e300],
            "nested": ["a": [:], "b": []],
            "u": .uint(UInt64.max), "flag": false, "none": nil, "ctl": "\u{01}",
        ]
        for style in [JSONWriter.Style.compact, .pretty] {
            let text = JSONWriter.string(original, style: style)
            #expect(try JSONParser.parse(text) == original)
        }
        #expect(JSONWriter.string([1.0, 2]) == "[1.0,2]")
        #expect(JSONWriter.string(.double(.nan)) == "null")
    }

    @Test func prettyKeepsScalarArraysOnOneLine() {
        let text = JSONWriter.string(["data": [1, 2, 3]], style: .pretty)
        #expect(text == "{\n  \"data\": [1, 2, 3]\n}")
    }

    @Test func manyKeysStayOrderedAndUnique() throws {
        let count = 50_000
        let text = "{" + (0..<count).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}"
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.count == count)
        #expect(object["k49999"] == .int(49_999))
        #expect(object.keys.first == "k0")
        var copy = object
        copy["k10"] = nil
        #expect(copy["k10"] == nil)
        #expect(copy["k11"] == .int(11))
        #expect(copy.count == count - 1)
    }
}
