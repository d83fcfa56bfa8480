/**
 * One node's meaning: dispatch by op type to the module that lowers it. Every supported op is
 * listed in {@link SUPPORTED_OPS}; anything else is refused naming the node, its op and that list.
 */
import { binary, gemm, matmul } from './arithmetic.js';
import { batchNormalization } from './batchnorm.js';
import type { NodeContext } from './context.js';
import { conv, convTranspose } from './conv.js';
import { averagePool, globalAveragePool, maxPool } from './pool.js';
import { relu } from './relu.js';
import {
  cast,
  concat,
  constantNode,
  constantOfShape,
  flatten,
  gather,
  pad,
  reshape,
  shapeOf,
  slice,
  split,
  squeeze,
  transpose,
  unsqueeze,
} from './shape.js';
import { MINUS_ONE, type Tensor, combine } from './tensor.js';

/** The ONNX operators (default domain) the reader lowers. */
export const SUPPORTED_OPS: readonly string[] = [
  'Add',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Concat',
  'Constant',
  'ConstantOfShape',
  'Conv',
  'ConvTranspose',
  'Div',
  'Flatten',
  'Gather',
  'Gemm',
  'GlobalAveragePool',
  'Identity',
  'MatMul',
  'MaxPool',
  'Mul',
  'Neg',
  'Pad',
  'Relu',
  'Reshape',
  'Shape',
  'Slice',
  'Split',
  'Squeeze',
  'Sub',
  'Transpose',
  'Unsqueeze',
];

/** Evaluates one node symbolically; returns its outputs in order. */
export function interpret(ctx: NodeContext, inputs: readonly (Tensor | undefined)[]): Tensor[] {
  const op = ctx.node.opType ?? '';
  const need = (k: number): Tensor => {
    const t = inputs[k];
    if (t === undefined) throw ctx.fail('parse', `input ${k + 1} is missing`);
    return t;
  };
  switch (op) {
    case 'Identity':
      return [need(0)];
    case 'Constant':
      return [constantNode(ctx)];
    case 'ConstantOfShape':
      return [constantOfShape(ctx, need(0))];
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return [binary(ctx, op, need(0), need(1))];
    case 'Neg': {
      const t = need(0);
      return [{ ...t, data: t.data.map((e) => combine([[e, MINUS_ONE]])) }];
    }
    case 'MatMul':
      return [matmul(ctx, need(0), need(1))];
    case 'Gemm':
      return [gemm(ctx, need(0), need(1), inputs[2])];
    case 'Conv':
      return [conv(ctx, need(0), need(1), inputs[2])];
    case 'ConvTranspose':
      return [convTranspose(ctx, need(0), need(1), inputs[2])];
    case 'BatchNormalization':
      return [batchNormalization(ctx, inputs)];
    case 'AveragePool':
      return [averagePool(ctx, need(0))];
    case 'GlobalAveragePool':
      return [globalAveragePool(ctx, need(0))];
    case 'MaxPool':
      return [maxPool(ctx, need(0))];
    case 'Relu':
      return [relu(ctx, need(0))];
    case 'Flatten':
      return [flatten(ctx, need(0))];
    case 'Reshape': {
      // Reshape before opset 5 took the target shape as an attribute.
      const legacy = inputs[1] === undefined ? ctx.ints('shape') : undefined;
      return [reshape(ctx, need(0), legacy ?? ctx.integers(need(1), 'the target shape'))];
    }
    case 'Squeeze':
      return [squeeze(ctx, inputs, need(0))];
    case 'Unsqueeze':
      return [unsqueeze(ctx, inputs, need(0))];
    case 'Transpose':
      return [transpose(ctx, need(0))];
    case 'Shape':
      return [shapeOf(ctx, need(0))];
    case 'Gather':
      return [gather(ctx, need(0), need(1))];
    case 'Concat':
      return [concat(ctx, inputs.filter((t): t is Tensor => t !== undefined))];
    case 'Slice':
      return [slice(ctx, inputs, need(0))];
    case 'Split':
      return split(ctx, inputs, need(0));
    case 'Pad':
      return [pad(ctx, inputs, need(0))];
    case 'Cast':
      return [cast(ctx, need(0))];
    default:
      throw ctx.fail('unsupported', `operator ${op} is not supported (supported: ${SUPPORTED_OPS.join(', ')})`);
  }
}
