/**
 * Builds an ONNX model (ModelProto) in memory and serialises it, so the project can write its own
 * models without Python or the `onnx` package. Only what our graphs use: tensors as raw little-endian
 * data, int/float/ints/floats/tensor attributes, inputs and outputs with symbolic dimensions.
 * Field numbers follow https://github.com/onnx/onnx/blob/main/onnx/onnx.proto.
 */
import { ProtoWriter } from './protobuf.ts';

/** ONNX TensorProto.DataType codes. */
const DATA_TYPES = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
export type DataType = keyof typeof DATA_TYPES;

type TypedData = Float32Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;

export interface Tensor {
  type: DataType;
  dims: readonly number[];
  data: TypedData;
}

export type Attribute =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { tensor: Tensor };

/** A dimension is a size, or a name for a size known only at run time (`batch`, `sequence`). */
export type Dim = number | string;

/** ONNX IR version 8 goes with opsets up to 18, which onnxruntime-node 1.21 runs. */
const IR_VERSION = 8;
export const DEFAULT_OPSET = 17;

/** AttributeProto.AttributeType codes. */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_TENSOR = 4;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

export function tensor(type: DataType, dims: readonly number[], data: TypedData): Tensor {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new Error(`tensor of shape [${dims}] needs ${count} values, got ${data.length}`);
  return { type, dims, data };
}

export const int64s = (values: readonly number[]): Tensor =>
  tensor('int64', [values.length], BigInt64Array.from(values.map(BigInt)));
export const int64Scalar = (value: number): Tensor => tensor('int64', [], BigInt64Array.of(BigInt(value)));
export const floatScalar = (value: number): Tensor => tensor('float32', [], Float32Array.of(value));

export class GraphBuilder {
  private readonly nodes: ProtoWriter[] = [];
  private readonly initializers: ProtoWriter[] = [];
  private readonly inputs: ProtoWriter[] = [];
  private readonly outputs: ProtoWriter[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, type: DataType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  output(name: string, type: DataType, shape: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, type, shape));
  }

  /** A weight stored in the file. Returns its name, to use as a node input. */
  initializer(value: Tensor, name = this.fresh('w')): string {
    this.initializers.push(encodeTensor(value, name));
    return name;
  }

  /** Adds a node and returns its (single) output name; `outputName` fixes it, for graph outputs. */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, Attribute> = {},
    outputName?: string,
  ) {
    const output = outputName ?? this.fresh(opType.toLowerCase());
    const node = new ProtoWriter();
    for (const input of inputs) node.string(1, input);
    node
      .string(2, output)
      .string(3, this.fresh(`${opType}_node`))
      .string(4, opType);
    for (const [key, value] of Object.entries(attributes)) node.message(5, encodeAttribute(key, value));
    this.nodes.push(node);
    return output;
  }

  /** Serialises the whole model: ModelProto with one graph and the default ONNX opset. */
  toBytes(options: { producer: string; opset?: number; metadata?: Record<string, string> }): Uint8Array {
    const graph = new ProtoWriter();
    for (const node of this.nodes) graph.message(1, node);
    graph.string(2, this.name);
    for (const init of this.initializers) graph.message(5, init);
    for (const input of this.inputs) graph.message(11, input);
    for (const output of this.outputs) graph.message(12, output);

    const model = new ProtoWriter()
      .varint(1, IR_VERSION)
      .string(2, options.producer)
      .message(7, graph)
      .message(8, new ProtoWriter().string(1, '').varint(2, options.opset ?? DEFAULT_OPSET));
    for (const [key, value] of Object.entries(options.metadata ?? {})) {
      model.message(14, new ProtoWriter().string(1, key).string(2, value));
    }
    return model.finish();
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}

function encodeTensor(value: Tensor, name: string): ProtoWriter {
  const { data } = value;
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Raw data is little-endian by the ONNX spec; typed arrays are host-endian, little on every target we run.
  return new ProtoWriter()
    .packedVarints(1, value.dims)
    .varint(2, DATA_TYPES[value.type])
    .string(8, name)
    .bytes(9, raw);
}

function encodeAttribute(name: string, value: Attribute): ProtoWriter {
  const attr = new ProtoWriter().string(1, name);
  if ('int' in value) return attr.varint(3, value.int).varint(20, ATTR_INT);
  if ('float' in value) return attr.float(2, value.float).varint(20, ATTR_FLOAT);
  if ('ints' in value) {
    for (const i of value.ints) attr.varint(8, i);
    return attr.varint(20, ATTR_INTS);
  }
  if ('floats' in value) {
    for (const f of value.floats) attr.float(7, f);
    return attr.varint(20, ATTR_FLOATS);
  }
  return attr.message(5, encodeTensor(value.tensor, `${name}_value`)).varint(20, ATTR_TENSOR);
}

function valueInfo(name: string, type: DataType, shape: readonly Dim[]): ProtoWriter {
  const shapeProto = new ProtoWriter();
  for (const dim of shape) {
    const d = new ProtoWriter();
    if (typeof dim === 'number') d.varint(1, dim);
    else d.string(2, dim);
    shapeProto.message(1, d);
  }
  const tensorType = new ProtoWriter().varint(1, DATA_TYPES[type]).message(2, shapeProto);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}
