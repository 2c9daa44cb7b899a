import Core
import Testing

@Suite struct YAMLSourceMapTests {
    private func map(_ text: String, document: Int = 0) throws -> SourceMap {
        let documents = try YAMLParser.parseStream(Array(text.utf8), source: "t.yaml")
        return try #require(documents.dropFirst(document).first).sourceMap
    }

    private func at(_ line: Int, _ column: Int) -> Core.SourceLocation {
        Core.SourceLocation(line: line, column: column)
    }

    @Test func nestedMappingsRecordKeysAndValues() throws {
        let map = try map(
            """
            apiVersion: v1
            kind: X
            metadata:
              name: iris
              labels:
                app: demo
            spec:
              predictor:
                model:
                  modelFormat:
                    name: xgboost

            """
        )
        #expect(map.entry(at: "") == SourceMap.Entry(key: nil, value: at(1, 1)))
        #expect(map.entry(at: "kind") == SourceMap.Entry(key: at(2, 1), value: at(2, 7)))
        #expect(map.entry(at: "metadata.name") == SourceMap.Entry(key: at(4, 3), value: at(4, 9)))
        #expect(map.location(of: "metadata.labels.app") == at(6, 5))
        #expect(map.location(of: "spec.predictor.model.modelFormat.name") == at(11, 9))
        #expect(map.valueLocation(of: "spec.predictor.model.modelFormat.name") == at(11, 15))
        // A block mapping's value starts at its first key.
        #expect(map.valueLocation(of: "metadata") == at(4, 3))
        // Missing fields fall back to the nearest written ancestor's key, then to the root.
        #expect(map.location(of: "metadata.namespace") == at(3, 1))
        #expect(map.location(of: "spec.predictor.minReplicas") == at(8, 3))
        #expect(map.location(of: "status.url") == at(1, 1))
        #expect(map.entry(at: "metadata.namespace") == nil)
        #expect(map.count == 12)
    }

    @Test func sequenceItemsAreIndexed() throws {
        let map = try map(
            """
            items:
            - name: a
              port: 1
            - name: b
            - [x, y]
            -
              - deep

            """
        )
        #expect(map.entry(at: "items[0]") == SourceMap.Entry(key: nil, value: at(2, 3)))
        #expect(map.location(of: "items[0].port") == at(3, 3))
        #expect(map.location(of: "items[1].name") == at(4, 3))
        #expect(map.valueLocation(of: "items[2][1]") == at(5, 7))
        #expect(map.valueLocation(of: "items[3][0]") == at(7, 5))
        #expect(map.location(of: "items[1].missing") == at(4, 3))
        #expect(map.location(of: "items[9]") == at(1, 1))
    }

    @Test func flowStyleAndJSONText() throws {
        let flow = try map("metadata: {name: flow, labels: {a: \"1\"}}\nlist: [1, {k: v}]\n")
        #expect(flow.entry(at: "metadata.name") == SourceMap.Entry(key: at(1, 12), value: at(1, 18)))
        #expect(flow.location(of: "metadata.labels.a") == at(1, 33))
        #expect(flow.valueLocation(of: "list[1].k") == at(2, 15))

        let json = try map("{\n  \"spec\": {\n    \"predictor\": {\"minReplicas\": \"two\"}\n  }\n}\n")
        #expect(json.entry(at: "spec.predictor.minReplicas") == SourceMap.Entry(key: at(3, 19), value: at(3, 34)))
    }

    @Test func eachDocumentHasItsOwnMapAndStart() throws {
        let text = "a: 1\n---\n# comment\nb:\n  c: 2\n--- \n---\nd: [1]\n"
        let documents = try YAMLParser.parseStream(Array(text.utf8), source: "t.yaml")
        #expect(documents.map(\.index) == [0, 1, 3])
        #expect(documents.map(\.sourceMap.start) == [at(1, 1), at(2, 1), at(7, 1)])
        #expect(documents.map(\.location) == documents.map(\.sourceMap.start))
        #expect(documents[0].sourceMap.entry(at: "b.c") == nil)
        #expect(documents[1].sourceMap.location(of: "b.c") == at(5, 3))
        #expect(documents[1].sourceMap.entry(at: "a") == nil)
        #expect(documents[2].sourceMap.valueLocation(of: "d[0]") == at(8, 5))
    }

    @Test func aliasesRecordOnlyTheirOwnSite() throws {
        let map = try map(
            """
            base: &b
              x: 1
              y: {z: 2}
            copy: *b
            merged:
              <<: *b
              w: 3

            """
        )
        #expect(map.location(of: "base.y.z") == at(3, 7))
        #expect(map.entry(at: "copy") == SourceMap.Entry(key: at(4, 1), value: at(4, 7)))
        #expect(map.entry(at: "copy.x") == nil)
        #expect(map.location(of: "copy.y.z") == at(4, 1))
        #expect(map.entry(at: "merged.x") == nil)
        #expect(map.location(of: "merged.x") == at(5, 1))
        #expect(map.location(of: "merged.w") == at(7, 3))
        #expect(map.entry(at: "merged.<<") == nil)
        // "", base, base.x, base.y, base.y.z, copy, merged, merged.w
        #expect(map.count == 8)
    }

    @Test func copiedAliasesDoNotGrowTheMap() throws {
        let ten = { (name: String) in "[" + Array(repeating: "*\(name)", count: 10).joined(separator: ", ") + "]" }
        let text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b \(ten("a"))\nc: &c \(ten("b"))\nd: \(ten("c"))\n"
        let documents = try YAMLParser.parseStream(Array(text.utf8), source: "t.yaml")
        let document = try #require(documents.first)
        #expect(document.value["d"]?[9]?[9]?[9]?[9] == 1)
        // "", a, a[0...9], b, b[0...9], c, c[0...9], d, d[0...9]
        #expect(document.sourceMap.count == 1 + 4 * 11)
        #expect(document.sourceMap.location(of: "d[9][9][9][9]") == at(4, 41))
    }

    @Test func crlfLineBreaksCountOnce() throws {
        let map = try map("a: 1\r\nb:\r\n  c: 2\r\n  d: [x,\r\n     y]\r\n")
        #expect(map.entry(at: "b.c") == SourceMap.Entry(key: at(3, 3), value: at(3, 6)))
        #expect(map.valueLocation(of: "b.d[1]") == at(5, 6))
    }

    @Test func keysThatNeedBracketsAndScopes() throws {
        #expect(SourceMap.path("", key: "metadata") == "metadata")
        #expect(SourceMap.path("metadata", key: "name") == "metadata.name")
        #expect(SourceMap.path("a", key: "x.y/z") == "a[\"x.y/z\"]")
        #expect(SourceMap.path("a", key: "") == "a[\"\"]")
        #expect(SourceMap.path("a", key: "q\"[\\]") == "a[\"q\\\"[\\\\]\"]")
        #expect(SourceMap.path("items", index: 2) == "items[2]")
        let map = try map(
            """
            items:
            - metadata:
                annotations:
                  serving.kserve.io/deploymentMode: Knative
                  "a.b[": one

            """
        )
        let path = SourceMap.path("items[0].metadata.annotations", key: "serving.kserve.io/deploymentMode")
        #expect(map.location(of: path) == at(4, 7))
        #expect(map.location(of: SourceMap.path("items[0].metadata.annotations", key: "a.b[")) == at(5, 7))
        #expect(map.location(of: SourceMap.path("items[0].metadata.annotations", key: "x.y")) == at(3, 5))
        #expect(map.location(of: path + ".deeper[3]") == at(4, 7))

        let item = map.scoped(to: "items[0]")
        #expect(item.start == at(2, 3))
        #expect(item.location(of: "metadata.annotations") == at(3, 5))
        #expect(item.location(of: "metadata") == at(2, 3))
        #expect(item.location(of: "spec") == at(2, 3))
        #expect(item.location(of: "") == at(2, 3))
        let missing = map.scoped(to: "items[5]")
        #expect(missing.start == at(2, 1))
        #expect(missing.location(of: "metadata") == at(2, 1))
    }

    @Test func escapedKeysRoundTripAndMalformedPathsFallBackToTheRoot() throws {
        let map = try map(
            """
            m:
              "q\\"x": 1
              "back\\\\slash": 2
              "tab\\there": 3
              "ctl\\u0001": 4
              "ü.ö": 5
              <<: {merged: 6}

            """
        )
        for (line, key) in ["q\"x", "back\\slash", "tab\there", "ctl\u{1}", "ü.ö"].enumerated() {
            #expect(map.entry(at: SourceMap.path("m", key: key))?.key == at(line + 2, 3), "\(key)")
        }
        #expect(SourceMap.path("m", key: "ctl\u{1}") == "m[\"ctl\\u0001\"]")
        #expect(SourceMap.path("m", key: "tab\there") == "m[\"tab\\there\"]")
        // Keys a merge key brings in are not recorded: they point at the mapping.
        #expect(map.entry(at: "m.merged") == nil)
        #expect(map.location(of: "m.merged") == at(1, 1))
        for malformed in ["m..x", ".m", "m[", "m[\"open", "m[1", "m[x]", "m[\"a\"]x", "m[99999999999999999999]"] {
            #expect(map.entry(at: malformed) == nil, "\(malformed)")
            #expect(map.location(of: malformed) == at(1, 1), "\(malformed)")
        }
    }

    @Test func itemScopesWalkASequenceOnce() throws {
        let map = try map("items:\n- a: 1\n- [2]\n- c\n")
        let scopes = map.itemScopes(of: "items")
        #expect(scopes.map(\.start) == [at(2, 3), at(3, 3), at(4, 3)])
        #expect(scopes == (0..<3).map { map.scoped(to: "items[\($0)]") })
        #expect(scopes.first?.location(of: "a") == at(2, 3))
        #expect(scopes.dropFirst().first?.valueLocation(of: "[0]") == at(3, 4))
        #expect(map.itemScopes(of: "missing").isEmpty)
        #expect(map.itemScopes(of: "items[2]").isEmpty)
    }

    @Test func locationsCanBeLeftOut() throws {
        let text = Array("a:\n  b: 1\n".utf8)
        let documents = try YAMLParser.parseStream(text, source: "t.yaml", recordingLocations: false)
        let document = try #require(documents.first)
        #expect(document.value == ["a": ["b": 1]])
        #expect(document.sourceMap.count == 0)
        #expect(document.sourceMap.location(of: "a.b") == at(1, 1))
        #expect(try YAMLParser.parseStream(text, source: "t.yaml").first?.value == document.value)
    }
}
