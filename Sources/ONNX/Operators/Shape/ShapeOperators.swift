/// Operators that move or select elements: Reshape, Transpose, Concat, Gather, Slice and their kin.
///
/// They work on every element type, strings and bool included: their kernels are ``StorageMover``s.
package enum ShapeOperators {
    package static let all: [OperatorRegistration] = [
        OperatorRegistration("Concat", since: 1, ConcatOperator.make),
        OperatorRegistration("Constant", since: 1, ConstantOperator.make),
        OperatorRegistration("ConstantOfShape", since: 9, ConstantOfShapeOperator.make),
        OperatorRegistration("Dropout", since: 1, DropoutOperator.make),
        OperatorRegistration("Expand", since: 8) { _ in ExpandOperator() },
        OperatorRegistration("Flatten", since: 1, FlattenOperator.make),
        OperatorRegistration("Gather", since: 1, GatherOperator.make),
        OperatorRegistration("GatherElements", since: 11, GatherElementsOperator.make),
        OperatorRegistration("Identity", since: 1) { _ in IdentityOperator() },
        OperatorRegistration("Pad", since: 1, PadOperator.make),
        OperatorRegistration("Range", since: 11) { _ in RangeOperator() },
        OperatorRegistration("Reshape", since: 1, ReshapeOperator.make),
        OperatorRegistration("Shape", since: 1, ShapeOperator.make),
        OperatorRegistration("Size", since: 1) { _ in SizeOperator() },
        OperatorRegistration("Slice", since: 1, SliceOperator.make),
        OperatorRegistration("Split", since: 1, SplitOperator.make),
        OperatorRegistration("Squeeze", since: 1, SqueezeOperator.make),
        OperatorRegistration("Tile", since: 6) { _ in TileOperator() },
        OperatorRegistration("Transpose", since: 1, TransposeOperator.make),
        OperatorRegistration("Unsqueeze", since: 1, UnsqueezeOperator.make),
    ]
}
