/**
 * The flash port: NOR-like pages. Erase sets every byte of a page to 0xFF;
 * a write can only clear bits (a byte goes from 0xFF to its value once).
 * Power may fail between (or during) any two calls: the journal driver
 * above it makes that safe.
 */
export interface Flash {
  readonly pageSize: number;
  readonly pageCount: number;
  read(page: number, offset: number, length: number): Uint8Array;
  write(page: number, offset: number, data: Uint8Array): void;
  erase(page: number): void;
}
