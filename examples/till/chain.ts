/**
 * "verified ✓ signature chain": the SDK has verified each receipt's
 * signatures (reader, card, issuer); this checks that a new receipt follows
 * the reader's previous one this session saw (sequence and hash), reading the
 * reader's journal in between when receipts were made elsewhere.
 */
import type { Reader, Receipt } from '../../sdk/index.js';

/** Whether `r` continues the chain of the session's receipts of its reader. */
export async function checkLink(reader: Reader, session: Receipt[], r: Receipt): Promise<{ ok: boolean; why: string }> {
  const mine = session.filter((x) => x.readerId === r.readerId);
  if (mine.some((x) => x.hash === r.hash)) return { ok: true, why: '' }; // the same receipt again (a replay)
  const prev = mine[mine.length - 1];
  if (!prev) return { ok: true, why: '' };
  if (r.seq === prev.seq + 1) return r.prev === prev.hash ? { ok: true, why: '' } : { ok: false, why: 'prev hash' };
  if (r.seq <= prev.seq) return { ok: false, why: `seq ${r.seq} after ${prev.seq}` };
  try {
    const page = await reader.journal({ since: prev.seq + 1, previous: prev.bytes });
    const ok = page.chain?.ok === true && page.receipts.some((x) => x.hash === r.hash);
    return { ok, why: ok ? '' : page.chain?.message || 'journal' };
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
}
