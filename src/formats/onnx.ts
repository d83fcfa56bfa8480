/**
 * ONNX import and export, exactly. The reader lives in src/formats/onnx/, one module per job:
 *
 * - proto.ts, decode.ts, floats.ts — protobuf bindings, TensorProto data as exact rationals
 *   (every stored float read as the dyadic it denotes: float32, float64, float16, bfloat16);
 * - read.ts — graph reading: the one input and output, the nodes the output depends on;
 * - tensor.ts, context.ts — symbolic tensors (each element an exact constant or an exact affine
 *   form in the current layer's variables) and the interpreter state;
 * - shape.ts — shape nodes and constant shape arithmetic (Reshape, Flatten, Squeeze, Unsqueeze,
 *   Transpose, Concat, Gather, Shape, Slice, Split, Pad, Cast, Constant, ConstantOfShape);
 * - arithmetic.ts, conv.ts, pool.ts, batchnorm.ts — lowering to exact sparse affine maps (Add,
 *   Sub, Mul/Div by constants, Neg, MatMul, Gemm, Conv, ConvTranspose, AveragePool, GlobalAveragePool,
 *   BatchNormalization folded exactly) and to ReLU layers (relu.ts; MaxPool as max2 gadgets);
 * - interpret.ts — the dispatch and the list of supported ops;
 * - write.ts — the writer (one Gemm per layer).
 *
 * Consecutive affine nodes fold into one affine layer; a Relu (or a MaxPool round) closes it. What
 * reaches the graph output becomes a final identity layer (omitted when the output is exactly the
 * last ReLU layer's outputs). Not supported (an InputError naming the node, op and field): ops
 * outside the list, products of two network values, skip connections (a value used on both sides
 * of a Relu), more than one network input or output, batches other than 1.
 */
export { MAX_MATMUL_STEPS, MAX_TENSOR_ELEMENTS } from './onnx/context.js';
export { SUPPORTED_OPS } from './onnx/interpret.js';
export { readOnnx } from './onnx/read.js';
export { type OnnxWriteOptions, writeOnnx } from './onnx/write.js';
