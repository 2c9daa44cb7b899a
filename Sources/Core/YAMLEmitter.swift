internal import CYAML

/// Owns a libyaml emitter set up for block style, 2-space indent, no line folding and raw UTF-8, writing into
/// a byte array. A failed call marks the emitter failed and later calls do nothing.
final class YAMLEmitter {
    enum ScalarStyle {
        case plain
        case doubleQuoted
        case literal
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let isReady: Bool
    private(set) var output: [UInt8] = []
    private(set) var failed = false

    init() {
        emitter = .allocate(capacity: 1)
        emitter.initialize(to: yaml_emitter_t())
        isReady = yaml_emitter_initialize(emitter) != 0
        guard isReady else {
            failed = true
            return
        }
        yaml_emitter_set_output(emitter, yamlWriteHandler, Unmanaged.passUnretained(self).toOpaque())
        yaml_emitter_set_encoding(emitter, YAML_UTF8_ENCODING)
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        if isReady { yaml_emitter_delete(emitter) }
        emitter.deinitialize(count: 1)
        emitter.deallocate()
    }

    func streamStart() {
        emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
    }

    func streamEnd() {
        emit { yaml_stream_end_event_initialize($0) }
        if !failed && yaml_emitter_flush(emitter) == 0 { failed = true }
    }

    /// Only the first document of a stream may start implicitly; libyaml writes `---` before the others.
    func documentStart(implicit: Bool) {
        emit { yaml_document_start_event_initialize($0, nil, nil, nil, implicit ? 1 : 0) }
    }

    func documentEnd() {
        emit { yaml_document_end_event_initialize($0, 1) }
    }

    func sequenceStart() {
        emit { yaml_sequence_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
    }

    func sequenceEnd() {
        emit { yaml_sequence_end_event_initialize($0) }
    }

    func mappingStart() {
        emit { yaml_mapping_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
    }

    func mappingEnd() {
        emit { yaml_mapping_end_event_initialize($0) }
    }

    /// A scalar with no tag; libyaml may still pick a quoted style when the requested one cannot spell the text.
    func scalar(_ text: String, style: ScalarStyle) {
        let cStyle: yaml_scalar_style_t
        switch style {
        case .plain: cStyle = YAML_PLAIN_SCALAR_STYLE
        case .doubleQuoted: cStyle = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: cStyle = YAML_LITERAL_SCALAR_STYLE
        }
        var text = text
        text.withUTF8 { buffer in
            emit {
                yaml_scalar_event_initialize(
                    $0,
                    nil,
                    nil,
                    buffer.baseAddress,
                    Int32(clamping: buffer.count),
                    1,
                    1,
                    cStyle
                )
            }
        }
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        output.append(contentsOf: bytes)
    }

    /// libyaml frees the event's contents whether or not emitting succeeds.
    private func emit(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) {
        guard !failed else { return }
        var event = yaml_event_t()
        guard initialize(&event) != 0 else {
            failed = true
            return
        }
        if yaml_emitter_emit(emitter, &event) == 0 { failed = true }
    }
}

private func yamlWriteHandler(
    _ data: UnsafeMutableRawPointer?,
    _ buffer: UnsafeMutablePointer<UInt8>?,
    _ size: Int
) -> Int32 {
    guard let data else { return 0 }
    let emitter = Unmanaged<YAMLEmitter>.fromOpaque(data).takeUnretainedValue()
    emitter.append(UnsafeBufferPointer(start: buffer, count: buffer == nil ? 0 : size))
    return 1
}
