/**
 * One call at a time per reader: a FIFO of calls, optionally under a Web Lock so that several
 * browser tabs sharing a reader take turns. A call aborted while it waits leaves the queue at once.
 */

/** The part of the Web Locks API the queue uses. */
export interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/** The browser's navigator.locks, when present. */
export function platformLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav && nav.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

/** Resolves when `p` settles, rejects with the signal's reason if it aborts first. */
function waitOrAbort(p: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p.then(() => undefined, () => undefined);
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
    );
  });
}

/** A FIFO of async calls. */
export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** `locks`: a Web Locks manager (null: this process only); `lockName`: shared by every holder of the reader. */
  constructor(
    private readonly locks: LockManagerLike | null,
    private lockName: string,
  ) {}

  /** Change the lock name (once the reader's serial is known). */
  setLockName(name: string): void {
    this.lockName = name;
  }

  /** Calls queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Run `fn` after every call queued before it has settled. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    this.tail = previous.then(() => done);
    this.waiting++;
    return (async () => {
      try {
        await waitOrAbort(previous, signal);
        signal?.throwIfAborted();
        if (this.locks) {
          const options: { signal?: AbortSignal } = {};
          if (signal) options.signal = signal;
          return await this.locks.request(this.lockName, options, fn);
        }
        return await fn();
      } finally {
        this.waiting--;
        release();
      }
    })();
  }
}
