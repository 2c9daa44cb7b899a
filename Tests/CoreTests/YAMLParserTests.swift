import Testing

@testable import Core

@Suite struct YAMLParserTests {
    /// The value of key `v` in a one-line mapping `v: TEXT`.
    private func scalar(_ text: String) throws -> Value? {
        try YAMLParser.parse("v: \(text)\n", source: "t.yaml")["v"]
    }

    private func failure(_ text: String, source: String = "t.yaml") -> KServeError? {
        do {
            _ = try YAMLParser.parseDocuments(text, source: source)
            return nil
        } catch {
            return error
        }
    }

    static let plainScalars: [(String, Value)] = [
        ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false),
        ("yes", true), ("Yes", true), ("YES", true), ("no", false), ("No", false), ("NO", false),
        ("on", true), ("On", true), ("ON", true), ("off", false), ("Off", false), ("OFF", false),
        ("y", true), ("Y", true), ("n", false), ("N", false),
        ("nULL", "nULL"), ("tRUE", "tRUE"), ("yEs", "yEs"), ("oN", "oN"),
        ("0", 0), ("-0", 0), ("+12", 12), ("-17", -17), ("1_000", 1000), ("1_000_000", 1_000_000),
        ("0x1F", 31), ("0x1f", 31), ("-0xFF", -255), ("0x_ff_ff", 65535), ("0o17", 15), ("017", 15), ("-010", -8),
        ("0b1010", 10), ("0b1_0000", 16), ("+0b11", 3), ("00", 0),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .uint(9_223_372_036_854_775_808)), ("18446744073709551615", .uint(UInt64.max)),
        ("0xFFFFFFFFFFFFFFFF", .uint(UInt64.max)), ("-9223372036854775809", .double(-9.223_372_036_854_775_808e18)),
        ("18446744073709551616", .double(1.844_674_407_370_955_161_6e19)),
        ("0x1FFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFF"),
        ("1.5", 1.5), ("-1.5", -1.5), ("+1.5", 1.5), ("1.", 1.0), (".5", 0.5), ("-.5", -0.5), ("1e3", 1000.0),
        ("1E3", 1000.0), ("1.5e-3", 0.0015), ("2.5E+2", 250.0), ("1_000.5", 1000.5), ("0.0", 0.0), ("1.0", 1.0),
        (".inf", .double(.infinity)), (".Inf", .double(.infinity)), (".INF", .double(.infinity)),
        ("+.inf", .double(.infinity)), ("-.inf", .double(-.infinity)), ("-.Inf", .double(-.infinity)),
        ("-.INF", .double(-.infinity)),
        ("09", "09"), ("0x", "0x"), ("0b", "0b"), ("0o", "0o"), ("0b102", "0b102"), ("1.2.3", "1.2.3"), (".", "."),
        ("+", "+"), ("e3", "e3"), ("1e", "1e"), ("inf", "inf"), ("NaN", "NaN"), ("1_", 1), ("_1", "_1"),
        ("1:30", "1:30"), ("2024-05-01", "2024-05-01"), ("12abc", "12abc"), ("0x1p3", "0x1p3"), ("hello", "hello"),
        ("hello world", "hello world"), ("~x", "~x"), ("<<", "<<"), ("=", "="),
    ]

    @Test(arguments: plainScalars)
    func plainScalarResolution(text: String, expected: Value) throws {
        #expect(try scalar(text) == expected)
    }

    @Test func notANumber() throws {
        for text in [".nan", ".NaN", ".NAN"] {
            let value = try #require(try scalar(text)?.doubleValue)
            #expect(value.isNaN)
        }
        #expect(try scalar("-.nan") == "-.nan")
    }

    @Test func quotedAndBlockScalarsAreStrings() throws {
        let value = try YAMLParser.parse(
            """
            a: 'yes'
            b: "1"
            c: ""
            d: '~'
            e: |
              12
            f: >-
              true
            g: "0x1F"
            """
        )
        #expect(value == ["a": "yes", "b": "1", "c": "", "d": "~", "e": "12\n", "f": "true", "g": "0x1F"])
    }

    @Test func explicitTags() throws {
        let value = try YAMLParser.parse(
            """
            str: !!str 12
            strQuoted: !!str "yes"
            int: !!int "42"
            hex: !!int 0x10
            float: !!float 3
            floatText: !!float "2.5"
            bool: !!bool "off"
            null: !!null ~
            nonSpecific: ! 12
            local: !thing 12
            localQuoted: !thing "12"
            binary: !!binary aGVsbG8=
            map: !!map {a: 1}
            seq: !!seq [1]
            """
        )
        let expected: Value = [
            "str": "12", "strQuoted": "yes", "int": 42, "hex": 16, "float": 3.0, "floatText": 2.5, "bool": false,
            "null": nil, "nonSpecific": "12", "local": 12, "localQuoted": "12", "binary": "aGVsbG8=",
            "map": ["a": 1], "seq": [1],
        ]
        #expect(value == expected)
    }

    @Test func badlyTaggedScalarsFailWithLocation() {
        #expect(failure("a: !!int abc\n")?.message == "t.yaml:1:4: !!int value \"abc\" is not an integer")
        #expect(failure("a: 1\nb: !!int 1.5\n")?.message == "t.yaml:2:4: !!int value \"1.5\" is not an integer")
        #expect(failure("- !!float x\n")?.message == "t.yaml:1:3: !!float value \"x\" is not a number")
        #expect(failure("- !!bool maybe\n")?.message == "t.yaml:1:3: !!bool value \"maybe\" is not a boolean")
        #expect(failure("- !!null 0\n")?.message == "t.yaml:1:3: !!null value \"0\" is not null")
    }

    @Test func keysKeepTheirTextAsWritten() throws {
        let value = try YAMLParser.parse("1: a\ntrue: b\n~: c\n0x10: d\n'q': e\n1.50: f\n")
        #expect(value.objectValue?.keys == ["1", "true", "~", "0x10", "q", "1.50"])
    }

    @Test func documentStreams() throws {
        #expect(try YAMLParser.parseDocuments("a: 1\n---\nb: 2\n") == [["a": 1], ["b": 2]])
        #expect(try YAMLParser.parseDocuments("---\na: 1\n...\n---\n- x\n") == [["a": 1], ["x"]])
        #expect(try YAMLParser.parseDocuments("") == [])
        #expect(try YAMLParser.parseDocuments("# only a comment\n\n") == [])
        #expect(try YAMLParser.parseDocuments("---\n---\n# nothing\n---\na: 1\n---\n") == [["a": 1]])
        #expect(try YAMLParser.parseDocuments("--- ~\n--- ''\n--- 3\n") == [nil, "", 3])
        #expect(try YAMLParser.parseDocuments(Array("a: b\n".utf8), source: "x") == [["a": "b"]])
    }

    @Test func streamKeepsPositionsOfDocuments() throws {
        let documents = try YAMLParser.parseStream(Array("a: 1\n---\n---\n# empty\n---\nb: 2\n".utf8), source: "s")
        #expect(documents.map(\.index) == [0, 3])
        #expect(documents.map(\.location) == [SourceLocation(line: 1, column: 1), SourceLocation(line: 5, column: 1)])
        #expect(documents.map(\.value) == [["a": 1], ["b": 2]])
    }

    @Test func singleDocument() throws {
        #expect(try YAMLParser.parse("") == nil)
        #expect(try YAMLParser.parse("a: 1\n---\n") == ["a": 1])
        #expect(try YAMLParser.parse(Array("- 1\n".utf8), source: "x") == [1])
        #expect(throws: KServeError.self) { try YAMLParser.parse("a: 1\n---\nb: 2\n") }
        do {
            _ = try YAMLParser.parse("a: 1\n---\nb: 2\n", source: "two.yaml")
        } catch {
            #expect(error.message == "two.yaml:2:1: expected a single YAML document, found another one here")
            #expect(error.code == .invalidInput)
        }
    }

    @Test func anchorsAndAliasesAreCopied() throws {
        let value = try YAMLParser.parse(
            """
            base: &b {x: 1, y: [1, 2]}
            copy: *b
            scalar: &s hello
            again: *s
            list: &l [a, *s]
            nested: [*l, *b]
            *s : keyed
            """
        )
        let base: Value = ["x": 1, "y": [1, 2]]
        let expected: Value = [
            "base": base, "copy": base, "scalar": "hello", "again": "hello", "list": ["a", "hello"],
            "nested": [["a", "hello"], base], "hello": "keyed",
        ]
        #expect(value == expected)
    }

    @Test func anchorsMayBeRedefinedAndDoNotCrossDocuments() throws {
        #expect(try YAMLParser.parse("- &a 1\n- *a\n- &a 2\n- *a\n") == [1, 1, 2, 2])
        #expect(
            failure("a: &x 1\n---\nb: *x\n")?.message
                == "t.yaml:3:4: alias *x refers to an anchor that is not defined before it"
        )
        #expect(
            failure("a: &x [1, *x]\n")?.message
                == "t.yaml:1:11: alias *x refers to an anchor that is not defined before it"
        )
    }

    @Test func mergeKeys() throws {
        let value = try YAMLParser.parse(
            """
            base: &base {a: 1, b: 2}
            other: &other {b: 20, c: 30}
            single:
              <<: *base
              c: 3
            override:
              b: 9
              <<: *base
            list:
              <<: [*base, *other]
              d: 4
            explicitLater:
              <<: *other
              b: 5
            quoted:
              "<<": *base
            tagged:
              !!merge <<: *base
            """
        )
        #expect(value["single"] == ["a": 1, "b": 2, "c": 3])
        #expect(value["override"] == ["b": 9, "a": 1])
        #expect(value["list"] == ["a": 1, "b": 2, "c": 30, "d": 4])
        #expect(value["explicitLater"] == ["c": 30, "b": 5])
        #expect(value["quoted"] == ["<<": ["a": 1, "b": 2]])
        #expect(value["tagged"] == ["a": 1, "b": 2])
    }

    @Test func badMergeValues() {
        let problem = "the value of a merge key \"<<\" must be a mapping or a sequence of mappings"
        #expect(failure("a:\n  <<: 1\n")?.message == "t.yaml:2:7: \(problem)")
        #expect(failure("a:\n  <<: [{x: 1}, 2]\n")?.message == "t.yaml:2:7: \(problem)")
        #expect(
            failure("a:\n  <<: {x: 1}\n  <<: {y: 1}\n")?.message
                == "t.yaml:3:3: duplicate merge key \"<<\" (first at 2:3)"
        )
    }

    @Test func aliasBombIsRefused() {
        let bomb = """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
            h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
            i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]

            """
        // a..f hold 1,234,566 nodes; the eighth *f on line 7 passes ten million.
        #expect(
            failure(bomb, source: "bomb.yaml")?.message
                == "bomb.yaml:7:36: the YAML expands to more than 10000000 nodes once aliases are copied; "
                + "refusing to build it"
        )
    }

    @Test func nodeLimitCountsCopies() throws {
        let text = Array("a: &a [1, 2]\nb: *a\n".utf8)
        // root 1 + key 1 + [1, 2] 3 + key 1 + copy 3 = 9
        #expect(try YAMLParser.parseStream(text, source: "t", maximumNodes: 9).count == 1)
        #expect(throws: KServeError.self) { try YAMLParser.parseStream(text, source: "t", maximumNodes: 8) }
    }

    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(failure(deep)?.message == "t.yaml:1:513: collections nested deeper than 512 levels")
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try YAMLParser.parse(fine) != nil)
    }

    static let syntaxErrors: [(String, String)] = [
        (
            "a: 1\n\tb: 2\n",
            "t.yaml:2:1: found a tab character that violates indentation (while scanning a plain scalar at 1:4)"
        ),
        ("\t- a\n", "t.yaml:1:1: found character that cannot start any token (while scanning for the next token)"),
        ("a: \"abc\n", "t.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar at 1:4)"),
        ("a: 'abc\n", "t.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar at 1:4)"),
        ("a:\n  b: 1\n c: 2\n", "t.yaml:3:2: did not find expected key (while parsing a block mapping at 1:1)"),
        ("- a\nb: 1\n", "t.yaml:2:1: did not find expected '-' indicator (while parsing a block collection at 1:1)"),
        ("a: [1, 2\n", "t.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)"),
        ("{a: 1\n", "t.yaml:2:1: did not find expected ',' or '}' (while parsing a flow mapping at 1:1)"),
        ("a: b: c\n", "t.yaml:1:5: mapping values are not allowed in this context"),
        ("key: value\n  other: 1\n", "t.yaml:2:8: mapping values are not allowed in this context"),
        ("a: \u{1}\n", "t.yaml:1:4: control characters are not allowed (0x01)"),
        ("%YAML 9.9\n--- a\n", "t.yaml:1:1: found incompatible YAML document"),
        ("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key \"a\" (first at 1:1)"),
        ("x:\n  - {k: 1, k: 2}\n", "t.yaml:2:12: duplicate key \"k\" (first at 2:6)"),
        ("? [1]\n: x\n", "t.yaml:1:3: a mapping key must be a scalar, not an array"),
        ("{a: 1}: x\n", "t.yaml:1:1: a mapping key must be a scalar, not an object"),
        ("a: *nope\n", "t.yaml:1:4: alias *nope refers to an anchor that is not defined before it"),
    ]

    @Test(arguments: syntaxErrors)
    func errorsNameFileLineAndColumn(input: String, message: String) throws {
        let error = try #require(failure(input))
        #expect(error.message == message)
        #expect(error.code == .invalidInput)
        #expect(error.cause is ParseFailure)
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        var bytes = Array("a: b\nc: é".utf8)
        bytes.append(0xFF)
        do {
            _ = try YAMLParser.parseDocuments(bytes, source: "u.yaml")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.message == "u.yaml:2:5: invalid leading UTF-8 octet (0xFF)")
        }
    }

    @Test func stringAndByteInputsAgree() throws {
        let text = "a: [1, 2.5, x]\nb: {c: null}\n"
        #expect(try YAMLParser.parseDocuments(text) == YAMLParser.parseDocuments(Array(text.utf8)))
        #expect(try YAMLParser.parse(text) == ["a": [1, 2.5, "x"], "b": ["c": nil]])
    }

    @Test func jsonIsYAML() throws {
        let json = #"{"a": [1, -2, 3.5, true, null, "s"], "b": {"c": "d\n"}, "e": 1e3}"#
        #expect(try YAMLParser.parse(json) == JSONParser.parse(json))
    }
}
