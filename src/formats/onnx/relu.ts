/**
 * Relu: the one place a layer closes. The current forms become the rows of a ReLU layer and a
 * new generation of variables (that layer's outputs) starts. MaxPool's gadgets close layers the
 * same way ({@link closeReluLayer}).
 */
import type Fraction from 'fraction.js';
import { ZERO } from '../../exact/rational.js';
import { type NodeContext, layerFromElements, variables } from './context.js';
import type { AffineForm, Element, Tensor } from './tensor.js';

/**
 * Appends a ReLU layer whose rows are `elements` (forms over the current generation) and returns
 * the new generation's variables, one per element.
 */
export function closeReluLayer(ctx: NodeContext, elements: readonly Element[]): AffineForm[] {
  const state = ctx.state;
  state.layers.push(layerFromElements(elements, state.width, 'relu'));
  state.width = elements.length;
  state.generation++;
  state.reluNodes.push(ctx.where);
  return variables(elements.length);
}

/** Relu of a tensor: exact on constants, a new ReLU layer on network values. */
export function relu(ctx: NodeContext, t: Tensor): Tensor {
  if (t.generation === undefined) {
    return { ...t, data: t.data.map((e) => ((e as Fraction).compare(ZERO) > 0 ? e : ZERO)) };
  }
  if (t.generation !== ctx.state.generation) throw ctx.skipConnection();
  const data = closeReluLayer(ctx, t.data);
  return { shape: t.shape, data, generation: ctx.state.generation, elemType: t.elemType };
}
