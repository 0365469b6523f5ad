/**
 * The keypad port: a membrane key matrix (3 columns x 4 rows on the reference
 * hardware). The firmware scans it itself: it drives one row at a time and
 * senses which columns are pulled, then debounces in software.
 */
export interface KeypadMatrix {
  /** Number of rows and columns of the matrix. */
  readonly rows: number;
  readonly cols: number;
  /** Select the row to scan (drive it active); -1 releases all rows. */
  selectRow(row: number): void;
  /** Bit mask of the columns that read active for the selected row (bit c = column c). */
  readColumns(): number;
}
