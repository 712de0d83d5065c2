/**
 * The pool's shelf of lexical indexes (./pool.ts): each index folder's, read from disk by one answer
 * thread and handed to the others with their `load` (`LexicalIndex.toShared`). The pool's thread
 * holds views on their shared memory, never a copy.
 */
import type { SharedLexical } from '../index/lexical.ts';

/** What a thread read from disk during its load, for the others. */
export type ReadLexicals = readonly { folder: string; shared: SharedLexical }[];

export class SharedLexicals {
  private readonly byFolder = new Map<string, SharedLexical>();
  /** Folders a thread is reading, and when it is done. */
  private readonly reading = new Map<string, Promise<void>>();

  get(folder: string): SharedLexical | undefined {
    return this.byFolder.get(folder);
  }

  /**
   * A thread's turn to load `folders`. The folders no thread has read nor is reading are its to
   * read; a thread that reads some waits for none, and one with none to read waits for the readers,
   * so two threads never wait for each other. The function returned ends the turn: with what the
   * thread read, kept while its folder is still `served`; with nothing when its load failed, and the
   * next thread then reads those folders itself.
   */
  async begin(
    folders: readonly string[],
  ): Promise<(read: ReadLexicals, served: ReadonlySet<string>) => void> {
    const wanted = [...new Set(folders)];
    const mine = wanted.filter((folder) => !this.byFolder.has(folder) && !this.reading.has(folder));
    let done = () => {};
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    for (const folder of mine) this.reading.set(folder, turn);
    if (mine.length === 0) await Promise.all(wanted.map((folder) => this.reading.get(folder)));
    return (read, served) => {
      for (const { folder, shared } of read) {
        if (served.has(folder) && !this.byFolder.has(folder)) this.byFolder.set(folder, shared);
      }
      for (const folder of mine) this.reading.delete(folder);
      done();
    };
  }

  /** Forgets the folders no version names any more: their memory goes once no thread searches them. */
  keepOnly(served: ReadonlySet<string>): void {
    for (const folder of this.byFolder.keys()) if (!served.has(folder)) this.byFolder.delete(folder);
  }
}
