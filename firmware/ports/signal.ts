/** LED colours the reader can show. */
export const enum Led { OFF = 0, GREEN = 1, RED = 2, AMBER = 3, BLUE = 4 }
/** Buzzer patterns. */
export const enum Beep { NONE = 0, OK = 1, ERROR = 2, KEY = 3 }

/** The signal port: a status LED and a buzzer. */
export interface Signal {
  led(colour: Led): void;
  beep(pattern: Beep): void;
}
