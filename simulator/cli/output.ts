/**
 * Terminal output: colour only when the stream is a TTY (and NO_COLOR is not
 * set), aligned tables, a progress line for long operations (redrawn in place
 * on a TTY, printed once otherwise).
 */

/** A writable text stream (process.stdout or a test buffer). */
export interface TextSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

/** Visible length of a string (ANSI escapes do not count). */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** Pad to `width` visible characters, on the right (left-aligned) or on the left. */
export function pad(s: string, width: number, right = false): string {
  const n = width - visibleLength(s);
  if (n <= 0) return s;
  return right ? ' '.repeat(n) + s : s + ' '.repeat(n);
}

/** Output of one command run. */
export class Out {
  readonly colour: boolean;
  private progressShown = false;

  constructor(readonly stdout: TextSink, readonly stderr: TextSink, env: NodeJS.ProcessEnv = {}) {
    this.colour = stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  }

  /** `s` in a style when colour is on. */
  style(style: Style, s: string): string {
    if (!this.colour) return s;
    const [on, off] = CODES[style];
    return `\x1b[${on}m${s}\x1b[${off}m`;
  }

  /** Print lines on stdout. */
  line(...lines: string[]): void {
    this.clearProgress();
    for (const l of lines) this.stdout.write(l + '\n');
  }

  /** Print on stderr. */
  error(s: string): void {
    this.clearProgress();
    this.stderr.write(s + '\n');
  }

  /** A heading line. */
  heading(s: string): void {
    this.line(this.style('bold', s));
  }

  /** `label: value` pairs, labels aligned. */
  fields(pairs: Array<[string, string]>, indent = 2): void {
    const w = Math.max(0, ...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.line(' '.repeat(indent) + this.style('dim', pad(k + ':', w + 1)) + ' ' + v);
  }

  /**
   * An aligned table. `align` has one letter per column: 'l' (default) or 'r'.
   * The header row is dimmed.
   */
  table(header: string[], rows: string[][], align = '', indent = 2): void {
    const all = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...all.map((r) => visibleLength(r[c] ?? ''))));
    const fmt = (r: string[]) =>
      ' '.repeat(indent) + r.map((cell, c) => (c === r.length - 1 && align[c] !== 'r' ? cell : pad(cell ?? '', widths[c], align[c] === 'r'))).join('  ');
    this.line(this.style('dim', fmt(header)));
    for (const r of rows) this.line(fmt(r));
  }

  /**
   * Show progress of a long operation: on a TTY one line on stderr redrawn in
   * place, otherwise the label once per call on stderr.
   */
  progress(label: string): void {
    if (this.stderr.isTTY) {
      this.stderr.write('\r\x1b[2K' + this.style('dim', label));
      this.progressShown = true;
    } else {
      this.stderr.write(label + '\n');
    }
  }

  /** Erase the progress line, if any. */
  clearProgress(): void {
    if (this.progressShown) {
      this.stderr.write('\r\x1b[2K');
      this.progressShown = false;
    }
  }
}
