import Bench
import Core
import Testing

@Suite struct ConcurrencySweepTests {
    @Test func singleLevel() throws {
        #expect(try ConcurrencySweep.parse("8").levels == [8])
        #expect(try ConcurrencySweep.parse(" 1 ").levels == [1])
    }

    @Test func doublingSweep() throws {
        #expect(try ConcurrencySweep.parse("1:64:x2").levels == [1, 2, 4, 8, 16, 32, 64])
        #expect(try ConcurrencySweep.parse("3:100:x3").levels == [3, 9, 27, 81])
    }

    @Test func addingSweep() throws {
        #expect(try ConcurrencySweep.parse("1:32:+4").levels == [1, 5, 9, 13, 17, 21, 25, 29])
        #expect(try ConcurrencySweep.parse("1:10:3").levels == [1, 4, 7, 10])
        #expect(try ConcurrencySweep.parse("2:5").levels == [2, 3, 4, 5])
        #expect(try ConcurrencySweep.parse("4:4:x2").levels == [4])
    }

    @Test(arguments: [
        ("0", "at least 1"),
        ("1:64:x1", "at least x2"),
        ("1:32:+0", "at least +1"),
        ("64:1", "above the end"),
        ("abc", "not a whole number"),
        ("", "expected a level"),
        ("1:2:3:4", "expected a level"),
        ("1:64:x", "not xN"),
        ("1:64:y2", "not a number"),
        ("-4", "at least 1"),
        ("1:200000", "above the limit"),
        ("1:100000:+1", "more than 1000 levels"),
    ])
    func rejectsWithTheReason(text: String, reason: String) {
        do {
            _ = try ConcurrencySweep.parse(text)
            Issue.record("\"\(text)\" was accepted")
        } catch {
            #expect(error.code == .usage)
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains("\"\(text)\""), "\(error.message)")
        }
    }
}
