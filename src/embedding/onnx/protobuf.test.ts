import { describe, expect, it } from 'vitest';
import { encodeVarint, ProtoWriter } from './protobuf.ts';

describe('encodeVarint', () => {
  it('writes 7 bits per byte, low bits first, as the protobuf spec example (300 → ac 02)', () => {
    expect([...encodeVarint(300n)]).toEqual([0xac, 0x02]);
    expect([...encodeVarint(0n)]).toEqual([0]);
  });
});

describe('ProtoWriter', () => {
  it('encodes a negative int64 on ten bytes (two’s complement)', () => {
    const bytes = new ProtoWriter().varint(1, -1).finish();
    expect(bytes.length).toBe(11);
    expect(bytes[0]).toBe(0x08);
  });

  it('prefixes a nested message with its length', () => {
    const inner = new ProtoWriter().string(1, 'abc');
    expect([...new ProtoWriter().message(7, inner).finish()]).toEqual([0x3a, 5, 0x0a, 3, 97, 98, 99]);
  });
});
