/**
 * The ONNX enums written out in src/formats/onnx/proto.ts (so that reading them does not load the
 * protobuf bindings) are onnx-proto's, name for name and number for number; the bindings
 * themselves are onnx-proto's message classes.
 */
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { AttributeType, DataLocation, DataType, onnxMessages, typeName } from '../../src/formats/onnx/proto.js';

const { onnx } = onnxProto;

/** An enum of the generated code as a plain name → number record (its own keys only). */
const entries = (e: object): Record<string, unknown> => Object.fromEntries(Object.entries(e));

describe('ONNX enums and bindings', () => {
  it('has the data types, attribute types and data locations of onnx-proto', () => {
    expect(entries(DataType)).toEqual(entries(onnx.TensorProto.DataType));
    expect(entries(AttributeType)).toEqual(entries(onnx.AttributeProto.AttributeType));
    expect(entries(DataLocation)).toEqual(entries(onnx.TensorProto.DataLocation));
  });

  it('names data types as onnx-proto does, and unknown ones by number', () => {
    for (const [name, value] of Object.entries(entries(onnx.TensorProto.DataType))) expect(typeName(value as number)).toBe(name);
    expect(typeName(99)).toBe('type 99');
  });

  it('loads the message classes of onnx-proto on first use', () => {
    expect(onnxMessages()).toBe(onnx);
    expect(onnxMessages().ModelProto).toBe(onnx.ModelProto);
  });
});
