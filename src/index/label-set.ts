/**
 * A set of passage labels as a bitmap: a search's filter (a document, a kind, a year) as data, so
 * that it can go with the question to the thread holding the graphs (../assistant/graph-thread.ts),
 * where a function could not.
 */
export class LabelSet {
  constructor(readonly bits: Uint8Array) {}

  static of(labels: Iterable<number>): LabelSet {
    const list = [...labels];
    const bits = new Uint8Array((list.reduce((max, label) => Math.max(max, label), -1) >>> 3) + 1);
    for (const label of list) bits[label >>> 3]! |= 1 << (label & 7);
    return new LabelSet(bits);
  }

  has(label: number): boolean {
    return label >= 0 && (((this.bits[label >>> 3] ?? 0) >> (label & 7)) & 1) === 1;
  }
}
