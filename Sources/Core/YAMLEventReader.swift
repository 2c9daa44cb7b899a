internal import CYAML

/// One libyaml parse event, copied out of C memory so that the C event can be freed at once.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String)
    case scalar(YAMLScalarEvent)
    case sequenceStart(anchor: String?)
    case sequenceEnd
    case mappingStart(anchor: String?)
    case mappingEnd
}

/// A scalar as written: its text, explicit tag (handles already expanded by libyaml), anchor and whether it was plain.
struct YAMLScalarEvent {
    var text: String
    var tag: String?
    var anchor: String?
    /// Unquoted and not a block scalar: only these are resolved to null, bool, int or float without a tag.
    var isPlain: Bool
}

/// Pulls events from libyaml over an input buffer it owns.
///
/// libyaml keeps the pointer given to `yaml_parser_set_input_string`, so the reader copies the input into memory
/// that lives exactly as long as the parser.
final class YAMLEventReader {
    let source: String
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let inputCount: Int
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let isReady: Bool

    init(bytes: [UInt8], source: String) {
        self.source = source
        inputCount = bytes.count
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        isReady = yaml_parser_initialize(parser) != 0
        if isReady {
            yaml_parser_set_input_string(parser, input.baseAddress, inputCount)
        }
    }

    deinit {
        if isReady { yaml_parser_delete(parser) }
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event and where it starts (1-based).
    func next() throws(ParseFailure) -> (event: YAMLEvent, location: SourceLocation) {
        guard isReady else {
            throw ParseFailure(
                source: source,
                location: SourceLocation(line: 1, column: 1),
                problem: "out of memory while starting the YAML parser"
            )
        }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw currentFailure() }
        defer { yaml_event_delete(&event) }
        let location = SourceLocation(mark: event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return (.streamStart, location)
        case YAML_STREAM_END_EVENT: return (.streamEnd, location)
        case YAML_DOCUMENT_START_EVENT: return (.documentStart, location)
        case YAML_DOCUMENT_END_EVENT: return (.documentEnd, location)
        case YAML_ALIAS_EVENT: return (.alias(anchor: cString(kserve_yaml_alias_anchor(&event)) ?? ""), location)
        case YAML_SCALAR_EVENT:
            let scalar = YAMLScalarEvent(
                text: scalarText(&event),
                tag: cString(kserve_yaml_scalar_tag(&event)),
                anchor: cString(kserve_yaml_scalar_anchor(&event)),
                isPlain: kserve_yaml_scalar_style(&event) == YAML_PLAIN_SCALAR_STYLE
            )
            return (.scalar(scalar), location)
        case YAML_SEQUENCE_START_EVENT:
            return (.sequenceStart(anchor: cString(kserve_yaml_sequence_anchor(&event))), location)
        case YAML_SEQUENCE_END_EVENT: return (.sequenceEnd, location)
        case YAML_MAPPING_START_EVENT:
            return (.mappingStart(anchor: cString(kserve_yaml_mapping_anchor(&event))), location)
        case YAML_MAPPING_END_EVENT: return (.mappingEnd, location)
        default:
            throw ParseFailure(source: source, location: location, problem: "unexpected YAML event")
        }
    }

    private func scalarText(_ event: UnsafePointer<yaml_event_t>) -> String {
        guard let value = kserve_yaml_scalar_value(event) else { return "" }
        let count = kserve_yaml_scalar_length(event)
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(value), count: count)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The parser's error as `SOURCE:LINE:COLUMN: problem (context at LINE:COLUMN)`, in libyaml's own words.
    private func currentFailure() -> ParseFailure {
        let state = parser.pointee
        var problem = cString(state.problem) ?? "invalid YAML"
        let location: SourceLocation
        switch state.error {
        case YAML_MEMORY_ERROR:
            problem = "out of memory while parsing YAML"
            location = SourceLocation(mark: state.problem_mark)
        case YAML_READER_ERROR:
            // Reader errors (bad encoding, control characters) carry a byte offset instead of a mark.
            location = self.location(atOffset: state.problem_offset)
            if state.problem_value >= 0 {
                let hex = String(UInt32(truncatingIfNeeded: state.problem_value), radix: 16, uppercase: true)
                problem += " (0x\(hex.count % 2 == 1 ? "0" : "")\(hex))"
            }
        default:
            location = SourceLocation(mark: state.problem_mark)
        }
        if let context = cString(state.context) {
            let contextLocation = SourceLocation(mark: state.context_mark)
            problem += contextLocation == location ? " (\(context))" : " (\(context) at \(contextLocation))"
        }
        return ParseFailure(source: source, location: location, problem: problem)
    }

    /// Line and column of a byte offset into the input, counting characters as libyaml does.
    private func location(atOffset offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        for index in 0..<min(offset, inputCount) {
            let byte = input[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }
}

extension SourceLocation {
    /// libyaml marks count lines and columns from zero.
    init(mark: yaml_mark_t) {
        self.init(line: mark.line + 1, column: mark.column + 1)
    }
}
