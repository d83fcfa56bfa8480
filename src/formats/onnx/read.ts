/**
 * Reading an ONNX model: protobuf decoding, the graph's one input and output, the nodes the
 * output depends on (in file order), each interpreted by {@link interpret}; the result is the
 * exact {@link Network} every command uses.
 */
import { InputError } from '../../errors.js';
import { checkNetworkShape, checkWidth, type Network } from '../../network/model.js';
import type Fraction from 'fraction.js';
import { ZERO } from '../../exact/rational.js';
import { type BuildState, MAX_TENSOR_ELEMENTS, NodeContext, isIdentity, layerFromElements, variables } from './context.js';
import { decodeSparseTensor, decodeTensor } from './decode.js';
import { interpret } from './interpret.js';
import { DataType, type OnnxTypes, onnxMessages, toSafeInt } from './proto.js';
import { type Tensor, product } from './tensor.js';

/** A readable name for a node in messages: `node "name" (Op)` or `node #3 (Op)`. */
export function nodeLabel(node: OnnxTypes.INodeProto, index: number): string {
  const op = node.opType ?? '?';
  return node.name ? `node "${node.name}" (${op})` : `node #${index} (${op})`;
}

/** The static shape of a graph input; named dimensions are batch dimensions of size 1. */
export function inputShape(info: OnnxTypes.IValueInfoProto): number[] {
  const label = `input "${info.name}"`;
  const tensorType = info.type?.tensorType;
  if (tensorType === null || tensorType === undefined) throw new InputError('unsupported', 'the network input is not a tensor', { path: label });
  const dims = tensorType.shape?.dim;
  if (dims === null || dims === undefined) throw new InputError('unsupported', 'the network input has no static shape', { path: label });
  // Only the leading (batch) dimension may be dynamic: it is taken as 1, the single input vector.
  // A dynamic dimension elsewhere would make every shape after it unknown.
  return dims.map((d, k) => {
    const n = d.dimParam ? 0 : toSafeInt(d.dimValue, `${label}.shape[${k}]`);
    if (n > 0) return n;
    if (k === 0) return 1;
    const what = d.dimParam ? `the dynamic dimension "${d.dimParam}"` : 'an unknown dimension';
    throw new InputError('unsupported', `${what} at axis ${k}: only the leading batch dimension may be dynamic (it is taken as 1)`, { path: `${label}.shape[${k}]` });
  });
}

/** The version of the default-domain operator set the model imports, if it imports one. */
function defaultOpset(model: OnnxTypes.ModelProto): number | undefined {
  const entry = (model.opsetImport ?? []).find((o) => o.domain === undefined || o.domain === null || o.domain === '' || o.domain === 'ai.onnx');
  return entry === undefined ? undefined : toSafeInt(entry.version, 'opset_import.version');
}

/** The file name without folders and extension. */
export function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.onnx$/i, '');
}

/**
 * Reads an ONNX model as an exact network (see the module comment for the supported graphs).
 * The network input is the graph's one non-initializer input, flattened row-major; the output
 * is the graph's one output, flattened.
 * @param file named in error messages and used (without folders and extension) as the network's name.
 * @throws InputError: `parse` for an empty file or bytes that are not an ONNX model, `unsupported`
 *   naming the node and op type, `range` naming the tensor for a NaN or infinite weight.
 */
export function readOnnx(bytes: Uint8Array, file?: string): Network {
  try {
    return readOnnxModel(bytes, file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const clean = new InputError(e.code, oneLine(e.detail), { path: e.path === undefined ? undefined : oneLine(e.path), file: e.file });
    throw file !== undefined ? clean.inFile(file) : clean;
  }
}

/**
 * Messages quote names from the file (nodes, tensors, domains); a control character in one is
 * escaped (`\u000a`) so that the error stays the one line the CLI prints.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function readOnnxModel(bytes: Uint8Array, file: string | undefined): Network {
  if (bytes.length === 0) throw new InputError('parse', 'the file is empty');
  let model: OnnxTypes.ModelProto;
  try {
    model = onnxMessages().ModelProto.decode(bytes);
  } catch (e) {
    throw new InputError('parse', `not an ONNX model (protobuf: ${(e as Error).message})`);
  }
  const graph = model.graph;
  if (graph === null || graph === undefined || (graph.node ?? []).length === 0) {
    throw new InputError('parse', 'not an ONNX model: it has no graph nodes');
  }
  // Two initializers of one name would leave the weights to file order: refused.
  const initializers = new Map<string, OnnxTypes.ITensorProto>();
  const sparseInitializers = new Map<string, OnnxTypes.ISparseTensorProto>();
  const once = (name: string, where: string): void => {
    if (initializers.has(name) || sparseInitializers.has(name)) throw new InputError('parse', `two initializers are named "${name}"`, { path: where });
  };
  for (const t of graph.initializer ?? []) {
    once(t.name ?? '', 'graph.initializer');
    initializers.set(t.name ?? '', t);
  }
  // A sparse initializer is named by its values tensor (ONNX IR).
  for (const t of graph.sparseInitializer ?? []) {
    once(t.values?.name ?? '', 'graph.sparse_initializer');
    sparseInitializers.set(t.values?.name ?? '', t);
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) throw new InputError('unsupported', `the graph has ${outputs.length} outputs; exactly one is supported`, { path: 'graph.output' });
  const outputName = (outputs[0] as OnnxTypes.IValueInfoProto).name ?? '';

  // Only the nodes the output depends on are interpreted: a dangling branch must not add layers.
  const nodes = graph.node ?? [];
  const inputInfos = new Map((graph.input ?? []).filter((v) => !initializers.has(v.name ?? '') && !sparseInitializers.has(v.name ?? '')).map((v) => [v.name ?? '', v]));
  // ONNX graphs are in SSA form: a name given a value twice would leave which one a consumer
  // reads to file order (ONNX checkers refuse such graphs; so does this reader).
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.output ?? []) {
      if (o === '') continue;
      const earlier = producer.get(o);
      const other = earlier !== undefined ? nodeLabel(nodes[earlier] as OnnxTypes.INodeProto, earlier) : inputInfos.has(o) ? 'a graph input' : initializers.has(o) || sparseInitializers.has(o) ? 'an initializer' : undefined;
      if (other !== undefined) throw new InputError('parse', `output "${o}" is already the name of ${other}; every value must have one name`, { path: nodeLabel(n, i) });
      producer.set(o, i);
    }
  });
  const needed = new Set<number>();
  const usedInputs = new Set<string>();
  const stack = [outputName];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const p = producer.get(name);
    if (p !== undefined) {
      needed.add(p);
      for (const i of nodes[p]?.input ?? []) if (i !== '') stack.push(i);
    } else if (inputInfos.has(name)) {
      usedInputs.add(name);
    }
  }
  if (usedInputs.size !== 1) {
    throw new InputError(
      'unsupported',
      usedInputs.size === 0 ? 'the output does not depend on any graph input' : `the output depends on ${usedInputs.size} inputs (${[...usedInputs].join(', ')}); exactly one is supported`,
      { path: 'graph.input' },
    );
  }
  const inputName = [...usedInputs][0] as string;
  const inputInfo = inputInfos.get(inputName) as OnnxTypes.IValueInfoProto;
  const shape = inputShape(inputInfo);
  const inputs = product(shape);
  if (inputs < 1) throw new InputError('dimension', 'the network input has no elements', { path: `input "${inputName}"` });
  // Before the input's variables are made: a tiny file can declare a shape of 10^9 elements.
  checkWidth(inputs, `input "${inputName}"`, `the input (shape [${shape.join(', ')}]) size`);

  const state: BuildState = { layers: [], width: inputs, generation: 0, reluNodes: [], opset: defaultOpset(model) };
  const values = new Map<string, Tensor>();
  values.set(inputName, {
    shape,
    data: variables(inputs),
    generation: 0,
    elemType: inputInfo.type?.tensorType?.elemType ?? DataType.FLOAT,
  });
  const sparseValues = new Map<string, Tensor>();
  /** A sparse initializer: kept sparse as B of Gemm/MatMul (`keepSparse`), else densified. */
  const sparseLookup = (name: string, sp: OnnxTypes.ISparseTensorProto, keepSparse: boolean): Tensor => {
    const label = `sparse tensor "${name}"`;
    let t = sparseValues.get(name);
    if (t === undefined) {
      const { shape, entries, elemType } = decodeSparseTensor(sp, label);
      t = { shape, data: [], generation: undefined, elemType, sparse: entries };
      sparseValues.set(name, t);
    }
    if (keepSparse) return t;
    const total = product(t.shape);
    if (total > MAX_TENSOR_ELEMENTS) throw new InputError('unsupported', `densifying it would take ${total} elements; at most ${MAX_TENSOR_ELEMENTS} are supported (a sparse tensor stays sparse only as B of Gemm or MatMul)`, { path: label });
    const data = new Array<Fraction>(total).fill(ZERO);
    for (const [f, v] of t.sparse ?? []) data[f] = v;
    return { shape: t.shape, data, generation: undefined, elemType: t.elemType };
  };
  const lookup = (name: string, where: string, keepSparse = false): Tensor => {
    const known = values.get(name);
    if (known !== undefined) return known;
    const sp = sparseInitializers.get(name);
    if (sp !== undefined) return sparseLookup(name, sp, keepSparse);
    const init = initializers.get(name);
    if (init === undefined) {
      throw new InputError('parse', `input "${name}" is neither a graph input, an initializer, nor the output of an earlier node`, { path: where });
    }
    const t = decodeTensor(init, `tensor "${name}"`);
    values.set(name, t);
    return t;
  };
  nodes.forEach((node, index) => {
    if (!needed.has(index)) return;
    const where = nodeLabel(node, index);
    if (node.domain !== undefined && node.domain !== null && node.domain !== '' && node.domain !== 'ai.onnx') {
      throw new InputError('unsupported', `operator ${node.opType} of domain ${node.domain} is not supported`, { path: where });
    }
    const sparseB = node.opType === 'Gemm' || node.opType === 'MatMul';
    const args = (node.input ?? []).map((name, k) => (name === '' ? undefined : lookup(name, where, sparseB && k === 1)));
    const results = interpret(new NodeContext(node, where, state), args);
    (node.output ?? []).forEach((name, k) => {
      const r = results[k];
      if (r !== undefined && name !== '') values.set(name, r);
    });
  });
  const out = values.get(outputName) ?? lookup(outputName, 'graph.output');
  if (out.generation !== undefined && out.generation !== state.generation) {
    throw new InputError('unsupported', `the output "${outputName}" is computed before the last Relu; skip connections are not supported`, {
      path: 'graph.output',
    });
  }
  if (state.layers.length === 0 || !isIdentity(out.data, state.width)) {
    state.layers.push(layerFromElements(out.data, state.width, 'identity'));
  }
  const net: Network = {
    inputs,
    layers: state.layers,
    ...(file !== undefined ? { name: baseName(file) } : model.graph?.name ? { name: model.graph.name } : {}),
    metadata: {
      source: 'onnx',
      producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
      onnxInput: inputName,
      onnxInputShape: shape,
      onnxOutput: outputName,
      onnxOutputShape: [...out.shape],
    },
  };
  checkNetworkShape(net);
  return net;
}

