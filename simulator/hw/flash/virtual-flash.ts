import type { Flash } from '../../../firmware/ports/flash.js';

/** Thrown by a virtual flash when its power is cut: the firmware above it stops there. */
export class PowerCut extends Error {
  constructor(readonly operation: number) {
    super(`power cut at flash operation ${operation}`);
    this.name = 'PowerCut';
  }
}

/** Where and how the next power cut happens. */
export interface CutPlan {
  /** 1-based index of the mutating operation (write or erase) that is cut. */
  atOperation: number;
  /**
   * How much of that operation happens before the power goes: for a write,
   * the number of leading bytes programmed; for an erase, the number of
   * leading bytes erased (the rest keeps its old content). Default: half.
   */
  partial?: number;
}

/**
 * NOR flash in memory, at the chip boundary: erase sets a page to 0xFF, a
 * write can only clear bits (programming ANDs), and the power can be cut in
 * the middle of any write or erase. After a cut every call throws PowerCut
 * until `powerOn()`, as a board that has lost power runs nothing.
 */
export class VirtualFlash implements Flash {
  readonly pages: Uint8Array[];
  /** Mutating operations so far (writes + erases), the index a CutPlan refers to. */
  operations = 0;
  readonly stats = { reads: 0, writes: 0, erases: 0, bytesWritten: 0 };
  private plan: CutPlan | null = null;
  private off = false;

  constructor(readonly pageSize = 4096, readonly pageCount = 16) {
    this.pages = [];
    for (let i = 0; i < pageCount; i++) this.pages.push(new Uint8Array(pageSize).fill(0xff));
  }

  /** Arrange for the power to fail at a future operation (counted from now on). */
  cutAt(plan: CutPlan): void {
    this.plan = { ...plan, atOperation: this.operations + plan.atOperation };
  }

  /** True while the power is cut. */
  get isOff(): boolean {
    return this.off;
  }

  /** Restore power (the content is what the cut left). */
  powerOn(): void {
    this.off = false;
    this.plan = null;
  }

  read(page: number, offset: number, length: number): Uint8Array {
    this.check(page, offset, length);
    this.stats.reads++;
    return this.pages[page].slice(offset, offset + length);
  }

  write(page: number, offset: number, data: Uint8Array): void {
    this.check(page, offset, data.length);
    const n = this.tick(data.length);
    const p = this.pages[page];
    for (let i = 0; i < n; i++) p[offset + i] &= data[i];
    this.stats.writes++;
    this.stats.bytesWritten += n;
    if (n < data.length) this.die();
  }

  erase(page: number): void {
    this.check(page, 0, 0);
    const n = this.tick(this.pageSize);
    this.pages[page].fill(0xff, 0, n);
    this.stats.erases++;
    if (n < this.pageSize) this.die();
  }

  /** A deep copy of the content (for save/restore and comparisons). */
  snapshot(): Uint8Array[] {
    return this.pages.map((p) => p.slice());
  }

  /** Replace the content (e.g. from a saved state directory). */
  restore(pages: Uint8Array[]): void {
    if (pages.length !== this.pageCount) throw new Error(`flash image has ${pages.length} pages, expected ${this.pageCount}`);
    pages.forEach((p, i) => {
      if (p.length !== this.pageSize) throw new Error(`flash page ${i} has ${p.length} bytes, expected ${this.pageSize}`);
      this.pages[i].set(p);
    });
  }

  /** Counts a mutating operation; returns how many bytes of it happen (all, or fewer when cut). */
  private tick(size: number): number {
    this.operations++;
    if (this.plan && this.operations === this.plan.atOperation) {
      const partial = this.plan.partial ?? size >> 1;
      return Math.max(0, Math.min(size - 1, partial));
    }
    return size;
  }

  private die(): never {
    this.off = true;
    throw new PowerCut(this.operations);
  }

  private check(page: number, offset: number, length: number): void {
    if (this.off) throw new PowerCut(this.operations);
    if (!(page >= 0 && page < this.pageCount) || offset < 0 || offset + length > this.pageSize) {
      throw new Error(`flash access out of range: page ${page}, offset ${offset}, length ${length}`);
    }
  }
}
