import Core
import CurlHTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndReturnsTheFirstValue() {
        let headers = HTTPHeaders([("Content-Type", "application/json"), ("X-Trace", "a"), ("x-trace", "b")])
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers["X-TRACE"] == "a")
        #expect(headers["missing"] == nil)
    }

    @Test func repeatedNamesKeepEveryValueInOrder() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "one=1")
        headers.add("Accept", "*/*")
        headers.add("set-cookie", "two=2")
        #expect(headers.values("SET-COOKIE") == ["one=1", "two=2"])
        #expect(headers.count == 3)
        #expect(headers.map(\.name) == ["Set-Cookie", "Accept", "set-cookie"])
    }

    @Test func setReplacesEveryFieldOfTheNameAtTheFirstPosition() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
        headers.set("a", "new")
        #expect(headers.map(\.name) == ["a", "B", "C"])
        #expect(headers.values("A") == ["new"])
        headers.set("D", "appended")
        #expect(headers.map(\.name) == ["a", "B", "C", "D"])
    }

    @Test func removeDropsEveryFieldOfTheName() {
        var headers = HTTPHeaders([("Keep", "1"), ("Drop", "2"), ("DROP", "3")])
        headers.remove("drop")
        #expect(headers.map(\.name) == ["Keep"])
        #expect(!headers.contains("Drop"))
        #expect(headers.contains("keep"))
    }

    @Test func namesOfDifferentLengthOrLettersDiffer() {
        let headers = HTTPHeaders([("Accept", "x")])
        #expect(headers["Accept-Encoding"] == nil)
        #expect(headers["Acceps"] == nil)
        #expect(HTTPHeaders()["Accept"] == nil)
        #expect(HTTPHeaders().isEmpty)
    }
}
