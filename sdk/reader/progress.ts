/** KEEPALIVE progress (spec §2.7) as the till shows it. */
import { Progress } from '../../protocol/framing/keepalive.js';

/** What the reader is doing while a call runs. */
export type ProgressStage = 'waiting-for-card' | 'reading-card' | 'waiting-for-pin' | 'processing' | 'remove-card';

/** One progress report. The PIN digits themselves never leave the reader: only their count. */
export interface ReaderProgress {
  stage: ProgressStage;
  /** waiting-for-pin: number of digits typed so far. */
  pinDigits?: number;
  /** The raw progress code (an unknown code is reported as 'processing'). */
  code: number;
}

/** Map a KEEPALIVE's progress code and detail byte to a ReaderProgress. */
export function progressOf(code: number, detail: number): ReaderProgress {
  switch (code) {
    case Progress.WAITING_FOR_CARD:
      return { stage: 'waiting-for-card', code };
    case Progress.READING_CARD:
      return { stage: 'reading-card', code };
    case Progress.WAITING_FOR_PIN:
      return { stage: 'waiting-for-pin', pinDigits: detail, code };
    case Progress.REMOVE_CARD:
      return { stage: 'remove-card', code };
    default:
      return { stage: 'processing', code };
  }
}
