/**
 * The reference 3x4 keypad. Row-major: row 0 is "1 2 3", row 3 is "* 0 #".
 * `*` is the correction key (erase the last digit) and, with nothing typed,
 * the cancel key; `#` validates. Documented in firmware/PORTING.md.
 */
export const KEYPAD_LAYOUT = '123456789*0#';
export const KEYPAD_ROWS = 4;
export const KEYPAD_COLS = 3;
/** Key codes the driver reports: the layout characters' char codes. */
export const KEY_CORRECTION = 42; // '*'
export const KEY_ENTER = 35; // '#'
