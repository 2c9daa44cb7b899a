import Testing

@testable import Core

/// The typed reads every document reader shares, worded here by `DocumentPath` (`SOURCE: PATH: PROBLEM`).
@Suite struct ValueReaderTests {
    static let document: Value = [
        "name": "m",
        "count": 3,
        "whole": 2.0,
        "ratio": 0.5,
        "on": true,
        "none": nil,
        "tags": ["a", "b"],
        "mixed": ["a", 1],
        "nested": ["inner": ["deep": 1]],
        "rows": [["id": 1], 7],
    ]

    static let root = DocumentPath(source: "f.json")

    static func fields() throws -> ObjectReader<DocumentPath> { try ObjectReader(document, at: root) }

    /// The message of the error `read` throws.
    static func message<T>(_ read: () throws -> T) -> String? {
        do {
            _ = try read()
            return nil
        } catch let error as KServeError {
            #expect(error.code == .invalidInput)
            return error.message
        } catch {
            Issue.record("not a KServeError: \(error)")
            return nil
        }
    }

    @Test func objects() throws {
        let fields = try Self.fields()
        #expect(try fields.field("nested").object().keys == ["inner"])
        #expect(
            Self.message { try ObjectReader(5, at: Self.root) }
                == "f.json: the document: expected an object, found an integer"
        )
        #expect(
            Self.message { try fields.field("name").object() } == "f.json: name: expected an object, found a string"
        )
        #expect(Self.message { try fields.field("absent").object() } == "f.json: absent: missing")
    }

    @Test func arrays() throws {
        let fields = try Self.fields()
        #expect(try fields.field("tags").array() == ["a", "b"])
        #expect(try fields.field("tags").array(count: 2).count == 2)
        #expect(Self.message { try fields.field("tags").array(count: 3) } == "f.json: tags: has 2 elements, expected 3")
        #expect(Self.message { try fields.field("on").array() } == "f.json: on: expected an array, found a boolean")
    }

    @Test func strings() throws {
        let fields = try Self.fields()
        #expect(try fields.field("name").string() == "m")
        #expect(
            Self.message { try fields.field("count").string() } == "f.json: count: expected a string, found an integer"
        )
        #expect(Self.message { try fields.field("absent").string() } == "f.json: absent: missing")
    }

    @Test func integers() throws {
        let fields = try Self.fields()
        #expect(try fields.field("count").int() == 3)
        #expect(try fields.field("whole").int(atLeast: 0) == 2)
        #expect(
            Self.message { try fields.field("ratio").int() } == "f.json: ratio: expected a whole number, found a number"
        )
        #expect(
            Self.message { try ObjectReader(["n": -1], at: Self.root).field("n").int(atLeast: 0) }
                == "f.json: n: expected a whole number of at least 0, found an integer"
        )
    }

    @Test func doubles() throws {
        let fields = try Self.fields()
        #expect(try fields.field("ratio").double() == 0.5)
        #expect(try fields.field("count").double() == 3)
        #expect(Self.message { try fields.field("name").double() } == "f.json: name: expected a number, found a string")
    }

    @Test func bools() throws {
        let fields = try Self.fields()
        #expect(try fields.field("on").bool())
        #expect(
            Self.message { try fields.field("count").bool() }
                == "f.json: count: expected true or false, found an integer"
        )
    }

    @Test func optionalMembersSkipAbsentAndNull() throws {
        let fields = try Self.fields()
        #expect(fields.optional("absent") == nil)
        #expect(fields.optional("none") == nil)
        #expect(fields.value("none") == nil)
        #expect(try fields.optional("name")?.string() == "m")
        // A required member that is present but null is of the wrong kind, not missing.
        #expect(Self.message { try fields.field("none").string() } == "f.json: none: expected a string, found null")
    }

    @Test func stringArraysNameTheElementAtFault() throws {
        let fields = try Self.fields()
        #expect(try fields.field("tags").strings() == ["a", "b"])
        #expect(
            Self.message { try fields.field("mixed").strings() }
                == "f.json: mixed[1]: expected a string, found an integer"
        )
        #expect(
            Self.message { try fields.field("name").strings() } == "f.json: name: expected an array, found a string"
        )
    }

    @Test func nestedPathsJoinOnlyWhenDescending() throws {
        let fields = try Self.fields()
        let inner = try fields.field("nested").fields().field("inner").fields()
        #expect(inner.place.path == "nested.inner")
        #expect(try inner.field("deep").int() == 1)
        #expect(
            Self.message { try inner.field("deep").string() }
                == "f.json: nested.inner.deep: expected a string, found an integer"
        )
        let rows = try fields.field("rows").elements()
        #expect(rows.map(\.place.path) == ["rows[0]", "rows[1]"])
        #expect(try rows[0].fields().field("id").int() == 1)
        #expect(Self.message { try rows[1].fields() } == "f.json: rows[1]: expected an object, found an integer")
        #expect(Self.message { try rows[0].fields().field("name").string() } == "f.json: rows[0].name: missing")
    }

    @Test func callerWordedFailuresAndCodes() throws {
        let fields = try Self.fields()
        #expect(fields.failure("is empty").message == "f.json: the document: is empty")
        #expect(fields.failure(at: "name", "is required").message == "f.json: name: is required")
        #expect(fields.field("tags").failure("is too long", index: 1).message == "f.json: tags[1]: is too long")
        let unsupported = fields.field("name").failure("is not supported").with(code: .unsupported)
        #expect(unsupported.code == .unsupported && unsupported.message == "f.json: name: is not supported")
    }

    @Test func yamlWordsAndTheNameOfTheTop() throws {
        let place = DocumentPath(source: "k.yaml", root: "the top level", vocabulary: .yaml)
        #expect(
            Self.message { try ObjectReader("x", at: place) }
                == "k.yaml: the top level: expected a mapping, found a string"
        )
        let fields = try ObjectReader(["as": 1, "args": "x"], at: place.member("user"))
        #expect(Self.message { try fields.field("as").array() } == "k.yaml: user.as: expected a list, found an integer")
        #expect(
            Self.message { try fields.field("args").strings() }
                == "k.yaml: user.args: expected a list of strings, found a string"
        )
    }
}
