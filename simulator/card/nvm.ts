/**
 * The card's non-volatile memory as a small transactional store, the way
 * smart cards make multi-field updates atomic: the new values are first
 * written to a journal (shadow copy), then one commit flag is set, then the
 * values are copied into place, then the journal is cleared. A tear at any
 * point leaves either an uncommitted journal (recovery discards it: old
 * state) or a committed one (recovery copies it again: new state).
 */

/** A value the store holds (JSON data; bytes are kept as hex text). */
export type NvmValue = null | boolean | number | string | NvmValue[] | { [key: string]: NvmValue };

/** The raw memory image: committed data and the journal of an unfinished transaction. */
export interface NvmImage {
  data: { [key: string]: NvmValue };
  journal: { entries: Array<[string, NvmValue]>; committed: boolean } | null;
}

/** What recovery found at power-up. */
export type Recovery = 'clean' | 'rolled-back' | 'rolled-forward';

const clone = <T extends NvmValue>(v: T): T => structuredClone(v);

/** A transactional key-value store over an {@link NvmImage}. */
export class TransactionalStore {
  private image: NvmImage;

  constructor(image?: NvmImage) {
    this.image = image ? structuredClone(image) : { data: {}, journal: null };
  }

  /** A copy of the committed value of `key` (undefined when never written). */
  get<T = NvmValue>(key: string): T {
    const v = this.image.data[key];
    return (v === undefined ? undefined : clone(v)) as unknown as T;
  }

  /** Write values directly, without a transaction (personalisation only). */
  personalise(values: { [key: string]: NvmValue }): void {
    for (const k of Object.keys(values)) this.image.data[k] = clone(values[k]);
  }

  /**
   * Write all `values` atomically. `step(name)` is called before each internal
   * write ('journal:<key>', 'commit-flag', 'apply:<key>', 'journal-clear'); it
   * may throw to model a tear, leaving the image as it is at that instant.
   */
  commit(values: { [key: string]: NvmValue }, step: (name: string) => void): void {
    const keys = Object.keys(values);
    const journal: NonNullable<NvmImage['journal']> = { entries: [], committed: false };
    this.image.journal = journal;
    for (const k of keys) {
      step('journal:' + k);
      journal.entries.push([k, clone(values[k])]);
    }
    step('commit-flag');
    journal.committed = true;
    for (const k of keys) {
      step('apply:' + k);
      this.image.data[k] = clone(values[k]);
    }
    step('journal-clear');
    this.image.journal = null;
  }

  /** Power-up recovery: finish a committed journal, discard an uncommitted one. */
  recover(): Recovery {
    const j = this.image.journal;
    if (!j) return 'clean';
    this.image.journal = null;
    if (!j.committed) return 'rolled-back';
    for (const [k, v] of j.entries) this.image.data[k] = v;
    return 'rolled-forward';
  }

  /** True when a journal is present (a transaction was interrupted and not yet recovered). */
  pending(): boolean {
    return this.image.journal !== null;
  }

  /** A deep copy of the raw image (for persistence). */
  toJSON(): NvmImage {
    return structuredClone(this.image);
  }
}
