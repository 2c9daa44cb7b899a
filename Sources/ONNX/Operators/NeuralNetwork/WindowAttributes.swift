import Compute
import Core

/// The sliding-window attributes that Conv, ConvTranspose, MaxPool and AveragePool share, read and checked at load;
/// per-axis defaults are filled in at run time, when the spatial rank is known.
struct WindowAttributes: Sendable {
    enum AutoPad: Sendable {
        case notSet
        case sameUpper
        case sameLower
        case valid
    }

    /// The kernels and windows computed here have at most three spatial axes (1-D and 2-D run as 3-D with leading
    /// axes of size 1).
    static let maximumSpatialRank = 3

    var kernelShape: [Int]?
    var strides: [Int]?
    var dilations: [Int]?
    var pads: [Int]?
    var autoPad: AutoPad

    init(_ attributes: NodeAttributes) throws(KServeError) {
        kernelShape = try Self.positive(attributes, "kernel_shape")
        strides = try Self.positive(attributes, "strides")
        dilations = try Self.positive(attributes, "dilations")
        if let pads = try attributes.ints("pads") {
            guard pads.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }), pads.count % 2 == 0 else {
                throw KServeError(
                    .invalidInput,
                    "attribute pads must hold an even number of values that are 0 or more, got \(pads)"
                )
            }
            self.pads = pads.map { Int($0) }
        }
        switch try attributes.string("auto_pad", default: "NOTSET") {
        case "NOTSET", "": autoPad = .notSet
        case "SAME_UPPER": autoPad = .sameUpper
        case "SAME_LOWER": autoPad = .sameLower
        case "VALID": autoPad = .valid
        case let other:
            throw KServeError(
                .invalidInput,
                "attribute auto_pad is \"\(other)\", expected NOTSET, SAME_UPPER, SAME_LOWER or VALID"
            )
        }
        for list in [kernelShape, strides, dilations].compactMap({ $0 })
        where list.count > Self.maximumSpatialRank {
            throw KServeError(
                .unsupported,
                "windows of more than \(Self.maximumSpatialRank) spatial axes are not supported"
            )
        }
    }

    private static func positive(_ attributes: NodeAttributes, _ name: String) throws(KServeError) -> [Int]? {
        guard let values = try attributes.ints(name) else { return nil }
        guard values.allSatisfy({ $0 > 0 && $0 <= Int64(Int32.max) }) else {
            throw KServeError(.invalidInput, "attribute \(name) must hold values of 1 or more, got \(values)")
        }
        return values.map { Int($0) }
    }

    /// The window's per-axis values for `rank` spatial axes: strides and dilations default to 1, pads to 0.
    func resolved(rank: Int) throws(KServeError) -> (strides: [Int], dilations: [Int], begin: [Int], end: [Int]) {
        guard rank >= 1 else { throw KServeError(.invalidInput, "expected 1 or more spatial axes, got none") }
        guard rank <= Self.maximumSpatialRank else {
            throw KServeError(
                .unsupported,
                "windows of \(rank) spatial axes are not supported (at most \(Self.maximumSpatialRank))"
            )
        }
        let strides = self.strides ?? [Int](repeating: 1, count: rank)
        let dilations = self.dilations ?? [Int](repeating: 1, count: rank)
        let pads = self.pads ?? [Int](repeating: 0, count: 2 * rank)
        guard strides.count == rank, dilations.count == rank, pads.count == 2 * rank else {
            throw KServeError(
                .invalidInput,
                "the input has \(rank) spatial axes, but strides has \(strides.count) values, dilations"
                    + " \(dilations.count) and pads \(pads.count) (expected \(rank), \(rank) and \(2 * rank))"
            )
        }
        return (strides, dilations, Array(pads[..<rank]), Array(pads[rank...]))
    }
}

/// One window operation's sizes, per spatial axis, always three axes (leading axes of size 1 fill in for 1-D and
/// 2-D inputs).
struct WindowGeometry: Equatable {
    var input: [Int]
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    var padBegin: [Int]
    var padEnd: [Int]
    var output: [Int]

    /// Spatial elements of the input and of the output.
    var inputSize: Int { input.reduce(1, *) }
    var outputSize: Int { output.reduce(1, *) }
    var kernelSize: Int { kernel.reduce(1, *) }

    /// The geometry of a convolution or pool over `input` (spatial dimensions) with `kernel`: explicit pads or
    /// auto_pad, and for pools ceil_mode (where the last window must start inside the input or its left padding).
    static func forward(
        input: [Int],
        kernel: [Int],
        attributes: WindowAttributes,
        ceilMode: Bool = false
    ) throws(KServeError) -> WindowGeometry {
        let rank = input.count
        let (strides, dilations, explicitBegin, explicitEnd) = try attributes.resolved(rank: rank)
        guard kernel.count == rank else {
            throw KServeError(
                .invalidInput,
                "the kernel has \(kernel.count) spatial axes, the input \(rank)"
            )
        }
        var begin = [Int](repeating: 0, count: rank)
        var end = [Int](repeating: 0, count: rank)
        var output = [Int](repeating: 0, count: rank)
        for axis in 0..<rank {
            let size = input[axis]
            let stride = strides[axis]
            guard size <= Int(Int32.max) else {
                throw KServeError(.invalidInput, "spatial axis \(axis) of size \(size) is too large")
            }
            guard kernel[axis] >= 1 else {
                throw KServeError(.invalidInput, "the kernel's spatial axis \(axis) is empty")
            }
            let extent = try Self.extent(kernel[axis], dilations[axis])
            switch attributes.autoPad {
            case .sameUpper, .sameLower:
                let count = (size + stride - 1) / stride
                let total = max(0, (count - 1) * stride + extent - size)
                let small = total / 2
                begin[axis] = attributes.autoPad == .sameUpper ? small : total - small
                end[axis] = total - begin[axis]
                output[axis] = count
            case .notSet, .valid:
                if attributes.autoPad == .notSet {
                    begin[axis] = explicitBegin[axis]
                    end[axis] = explicitEnd[axis]
                }
                let span = size + begin[axis] + end[axis] - extent
                guard span >= 0 else {
                    throw KServeError(
                        .invalidInput,
                        "spatial axis \(axis) of size \(size) (padded by \(begin[axis]) and \(end[axis])) is smaller"
                            + " than the window of \(extent)"
                    )
                }
                var count = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
                // A last window that would start in the right padding is dropped.
                if ceilMode, (count - 1) * stride >= size + begin[axis] { count -= 1 }
                output[axis] = count
            }
        }
        return try WindowGeometry(
            input: input,
            kernel: kernel,
            strides: strides,
            dilations: dilations,
            padBegin: begin,
            padEnd: end,
            output: output
        ).padded()
    }

    /// `(kernel - 1) * dilation + 1`, the input span one window covers.
    static func extent(_ kernel: Int, _ dilation: Int) throws(KServeError) -> Int {
        let (scaled, overflow) = (kernel - 1).multipliedReportingOverflow(by: dilation)
        guard !overflow, scaled < Int(Int32.max) else {
            throw KServeError(.invalidInput, "a window of \(kernel) elements dilated by \(dilation) is too large")
        }
        return scaled + 1
    }

    /// The same geometry over three axes: leading axes of size 1 added, sizes checked against overflow.
    func padded() throws(KServeError) -> WindowGeometry {
        let missing = WindowAttributes.maximumSpatialRank - input.count
        guard missing >= 0 else {
            throw KServeError(
                .unsupported,
                "windows of more than \(WindowAttributes.maximumSpatialRank) spatial axes are not supported"
            )
        }
        let ones = [Int](repeating: 1, count: missing)
        let zeros = [Int](repeating: 0, count: missing)
        let result = WindowGeometry(
            input: ones + input,
            kernel: ones + kernel,
            strides: ones + strides,
            dilations: ones + dilations,
            padBegin: zeros + padBegin,
            padEnd: zeros + padEnd,
            output: ones + output
        )
        _ = try NeuralSupport.product(result.input)
        _ = try NeuralSupport.product(result.output)
        _ = try NeuralSupport.product(result.kernel)
        return result
    }
}
