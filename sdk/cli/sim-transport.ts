/**
 * `--sim`: the reader saved in the state directory, booted in this process by the simulator's
 * stateWorld (saved flash and clock, newer denylist installed), exposed as a WebUSB device
 * (readerGadget on a VirtualUsb) to the SDK's Reader, and ticked in real time so the SDK's
 * timers (keepalives, silence rule) see a live device. The holder is played by --tap and --pin.
 * On close the reader's flash and clock and the cards are saved back to the state directory.
 */
import { CliError } from '../../simulator/cli/command.js';
import type { CommandContext } from '../../simulator/cli/command.js';
import { str } from '../../simulator/cli/args.js';
import { crypto, stateOf, withState } from '../../simulator/cli/show.js';
import { stateWorld } from '../../simulator/scenario/world.js';
import { readerGadget } from '../../simulator/reader/usb-gadget.js';
import { VirtualUsb } from '../../simulator/usb/virtual-usb.js';
import { Reader } from '../reader/reader.js';
import { READER_FILTERS } from '../transport/finders.js';
import type { ReaderProgress } from '../reader/progress.js';
import type { HostConnection } from './connect.js';

/** Firmware tick period (ms of wall time) and the most simulated time one tick may catch up. */
const TICK_MS = 10;
const MAX_CATCH_UP_MS = 250;
/** How long a simulated key stays pressed, and the pause after it. */
const KEY_HOLD_MS = 70;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Boot the state directory's reader and connect the SDK to it. */
export async function connectSim(ctx: CommandContext, rootArg: Uint8Array | null, log: (p: ReaderProgress) => void): Promise<HostConnection> {
  const tap = str(ctx.values, 'tap');
  const pin = str(ctx.values, 'pin');
  const readerName = str(ctx.values, 'reader');
  const state = stateOf(ctx);
  const world = withState(() =>
    stateWorld(state, crypto(), {
      ...(readerName !== undefined ? { reader: readerName } : {}),
      ...(tap !== undefined ? { cards: [{ id: 'holder', ref: tap }] } : {}),
      progress: (s) => ctx.out.progress(s),
    }),
  );
  for (const n of world.startNotes) if (n.startsWith('warning')) ctx.out.error(n);
  const vr = world.session.reader;
  const usb = new VirtualUsb();
  const gadget = readerGadget(vr, { name: world.reader.name });
  usb.plug(gadget);

  // Real-time ticking: the reader's clock continues from its saved value.
  let t0 = performance.now() - vr.clock.monotonic();
  const timer = setInterval(() => {
    const target = performance.now() - t0;
    const mono = vr.clock.monotonic();
    if (target <= mono || vr.off) return;
    vr.advance(Math.min(target - mono, MAX_CATCH_UP_MS));
    if (target - mono > MAX_CATCH_UP_MS) t0 = performance.now() - vr.clock.monotonic();
  }, TICK_MS);

  // The holder.
  const card = tap !== undefined ? world.session.card('holder') : null;
  let tapped = false;
  let typing = false;
  let typed = false;
  let shown = '';
  const abort = new AbortController();
  const showDisplay = () => {
    const screen = vr.display.screen.filter((l) => l.trim() !== '').join(' | ');
    if (screen && screen !== shown) {
      shown = screen;
      ctx.out.error(`reader display: ${screen}`);
    }
  };
  const cards = [...world.cardInfo.entries()].map(([n, c]) => `${n} (${c.id})`).join(', ');
  const missing = (what: string) => {
    showDisplay();
    const hint = `with --sim the holder is simulated by --tap CARD --pin PIN${cards ? `; cards: ${cards}` : ''}`;
    if (!abort.signal.aborted) abort.abort(new CliError(`the simulated reader asks for ${what}, and nobody plays the holder`, 1, hint));
  };
  const typePin = async (digits: string) => {
    typing = true;
    for (const k of digits) {
      vr.keypad.press(k);
      await sleep(KEY_HOLD_MS);
      vr.keypad.release(k);
      await sleep(KEY_HOLD_MS);
    }
    typing = false;
    typed = true;
  };
  const onProgress = (p: ReaderProgress) => {
    log(p);
    if (p.stage === 'waiting-for-card') {
      if (!card) return missing('a card');
      if (!tapped) {
        tapped = true;
        vr.tap(card);
      }
    } else if (p.stage === 'waiting-for-pin') {
      if (pin === undefined) return missing('the PIN');
      if (!typing && !typed) void typePin(pin + '#');
    } else if (p.stage === 'remove-card' && card && tapped) {
      vr.pull(card);
      tapped = false;
    }
  };

  let reader: Reader;
  try {
    const device = await usb.requestDevice({ filters: READER_FILTERS });
    reader = await Reader.connect(device, { issuerRoot: rootArg ?? world.issuerRoot, hub: usb });
  } catch (e) {
    clearInterval(timer);
    throw e;
  }
  return {
    reader,
    issuerRoot: rootArg ?? world.issuerRoot,
    via: 'sim',
    onProgress,
    signal: abort.signal,
    close: async () => {
      await reader.close().catch(() => {});
      // Let the firmware finish what it does after the last answer (journal writes, display).
      await sleep(TICK_MS * 3);
      clearInterval(timer);
      if (card && tapped) vr.pull(card);
      withState(() => world.save());
    },
  };
}
