import { describe, expect, it } from 'vitest';
import type { SharedLexical } from '../index/lexical.ts';
import { SharedLexicals } from './shared-lexicals.ts';

const lexicalOf = (name: string) => ({ name }) as unknown as SharedLexical;
const served = (...folders: string[]) => new Set(folders);

describe('SharedLexicals', () => {
  it('lets one thread read a folder while the others wait for its copy', async () => {
    const shelf = new SharedLexicals();
    const endFirst = await shelf.begin(['v-1']);
    let secondStarted = false;
    const second = shelf.begin(['v-1']).then((end) => {
      secondStarted = true;
      return end;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondStarted).toBe(false);
    endFirst([{ folder: 'v-1', shared: lexicalOf('v-1') }], served('v-1'));
    (await second)([], served('v-1'));
    expect(shelf.get('v-1')).toEqual(lexicalOf('v-1'));
  });

  it('never makes a thread that reads wait, so two threads never wait for each other', async () => {
    const shelf = new SharedLexicals();
    const endFirst = await shelf.begin(['v-1']);
    // It reads v-2 itself, and v-1 is left to the first thread: it starts at once.
    const endSecond = await shelf.begin(['v-1', 'v-2']);
    endSecond([{ folder: 'v-2', shared: lexicalOf('v-2') }], served('v-1', 'v-2'));
    endFirst([{ folder: 'v-1', shared: lexicalOf('v-1') }], served('v-1', 'v-2'));
    expect(shelf.get('v-1')).toEqual(lexicalOf('v-1'));
    expect(shelf.get('v-2')).toEqual(lexicalOf('v-2'));
  });

  it('leaves a folder to the next thread when the reader failed, and forgets folders no longer served', async () => {
    const shelf = new SharedLexicals();
    const endFirst = await shelf.begin(['v-1']);
    const waiting = shelf.begin(['v-1']);
    endFirst([], served('v-1'));
    (await waiting)([{ folder: 'v-1', shared: lexicalOf('again') }], served('v-1'));
    expect(shelf.get('v-1')).toEqual(lexicalOf('again'));
    // Read for a reload that failed meanwhile: not kept.
    (await shelf.begin(['v-2']))([{ folder: 'v-2', shared: lexicalOf('v-2') }], served('v-1'));
    expect(shelf.get('v-2')).toBeUndefined();
    shelf.keepOnly(served());
    expect(shelf.get('v-1')).toBeUndefined();
  });
});
