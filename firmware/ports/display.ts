/** The display port: a small text display (the reference OLED shows 4 lines of 16 characters). */
export interface Display {
  readonly lines: number;
  readonly columns: number;
  /** Replace the whole screen with these lines (ASCII; longer lines are cut). */
  show(lines: string[]): void;
}
