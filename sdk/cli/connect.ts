/**
 * How the host commands (info, debit, balance, journal, verify) reach a reader: the first
 * reader node-usb finds (default), the state directory's reader run in this process (`--sim`,
 * with the holder played by `--tap CARD --pin PIN`), or a reader of a running simulator bridge
 * (`--bridge ws://...`). Also where the issuer root comes from, and how SDK errors become CLI
 * errors (exit 1, the SDK's actionable sentence).
 */
import { fromHex } from '../../protocol/bytes/hex.js';
import type { CliCommand, CommandContext, OptionSpec } from '../../simulator/cli/command.js';
import { CliError, STATE_OPTION, usageError } from '../../simulator/cli/command.js';
import { str } from '../../simulator/cli/args.js';
import { StateDir } from '../../simulator/state/store.js';
import { DeviceStatusError, TransportError } from '../errors.js';
import type { Reader } from '../reader/reader.js';
import type { ReaderProgress } from '../reader/progress.js';

/** The transport options every host command takes. */
export const TRANSPORT_OPTIONS: OptionSpec[] = [
  { name: 'sim', type: 'boolean', description: 'use the reader of the state directory, simulated in this process' },
  STATE_OPTION,
  { name: 'reader', type: 'string', value: 'NAME', description: 'reader name (--sim: of the state directory; --bridge: on the bridge)' },
  { name: 'bridge', type: 'string', value: 'URL', description: "a reader of a running simulator bridge (ws://127.0.0.1:PORT, printed by 'npm start')" },
  { name: 'issuer-root', type: 'string', value: 'HEX', description: "the Region's root public key (default: the state directory's issuer)" },
];

/** The holder options (with --sim, the holder is played by these flags). */
export const HOLDER_OPTIONS: OptionSpec[] = [
  { name: 'tap', type: 'string', value: 'CARD', description: '--sim: tap this card (id, id prefix or holder first name) when the reader asks for one' },
  { name: 'pin', type: 'string', value: 'PIN', description: '--sim: type this PIN (then #) when the reader asks for it' },
];

/** Text appended to each host command's description. */
export const TRANSPORT_HELP =
  'Transport: by default the first Pass\'Région reader found over USB (node-usb). --sim runs the reader\n' +
  'saved in the state directory (passreader issuer reader) in this process, and saves it back afterwards;\n' +
  "--bridge URL talks to a reader exposed by a running simulator bridge ('npm start' prints the URL).";

/** A connected reader and what goes with it. */
export interface HostConnection {
  reader: Reader;
  /** The issuer root (32 bytes) or null when none was given or found. */
  issuerRoot: Uint8Array | null;
  /** 'usb', 'sim' or 'bridge'. */
  via: 'usb' | 'sim' | 'bridge';
  /**
   * Progress handler for calls that need the holder: prints the stage on stderr and, with
   * --sim, plays the holder (--tap, --pin).
   */
  onProgress: (p: ReaderProgress) => void;
  /** Aborts holder calls that cannot complete (--sim without --tap/--pin). */
  signal?: AbortSignal;
  /** Close the reader and the transport (and save the simulated reader). */
  close(): Promise<void>;
}

/** Options of {@link connectReader}. */
export interface ConnectOptions {
  /** The command needs the issuer root (receipts are verified): usage error when none. */
  needsRoot?: boolean;
  /** The command may need the holder (tap, PIN): --tap/--pin are allowed. */
  holder?: boolean;
}

/** A placeholder root for calls that verify nothing (the SDK requires one at connect). */
const NO_ROOT = new Uint8Array(32);

/** The issuer root: --issuer-root HEX, else the state directory's issuer (if any). */
export function issuerRootOf(ctx: CommandContext): Uint8Array | null {
  const hex = str(ctx.values, 'issuer-root');
  if (hex !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw usageError('--issuer-root must be 64 hex digits (the 32-byte ed25519 public key)');
    return fromHex(hex.toLowerCase());
  }
  const state = StateDir.at(str(ctx.values, 'state'), ctx.cwd);
  if (!state.hasIssuer()) return null;
  try {
    return fromHex(state.readIssuer().rootPublicKey);
  } catch {
    return null;
  }
}

/** An SDK (or other) failure as a CLI error: exit 1 with the SDK's sentence. */
export function hostError(e: unknown): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof TransportError) return new CliError(e.message, 1);
  if (e instanceof DeviceStatusError) return new CliError(`${e.message} (${e.name})`, 1);
  return e;
}

/** Progress as one line of text. */
export function progressText(p: ReaderProgress): string {
  switch (p.stage) {
    case 'waiting-for-card':
      return 'waiting for the card...';
    case 'reading-card':
      return 'reading the card...';
    case 'waiting-for-pin':
      return `PIN: ${p.pinDigits ?? 0} of 4 digits`;
    case 'remove-card':
      return 'remove the card';
    default:
      return 'processing...';
  }
}

function checkFlags(ctx: CommandContext, cmd: Pick<CliCommand, 'name'>): void {
  const sim = ctx.values.sim === true;
  const bridge = str(ctx.values, 'bridge');
  const name = `passreader ${cmd.name.join(' ')}`;
  if (sim && bridge !== undefined) throw usageError('--sim and --bridge exclude each other', `see '${name} --help'`);
  if (!sim && (str(ctx.values, 'tap') !== undefined || str(ctx.values, 'pin') !== undefined)) {
    throw usageError('--tap and --pin play the holder of a simulated reader: they go with --sim', 'with a real reader or a bridge, the holder taps and types the PIN on the reader');
  }
  if (!sim && bridge === undefined && str(ctx.values, 'reader') !== undefined) {
    throw usageError('--reader names a reader of --sim or --bridge; over USB the first reader found is used');
  }
  const pin = str(ctx.values, 'pin');
  if (pin !== undefined && !/^\d{4}$/.test(pin)) throw usageError('--pin must be 4 digits');
  if (bridge !== undefined && !/^wss?:\/\/./.test(bridge)) throw usageError(`--bridge must be a ws:// URL (got '${bridge}')`);
}

/** Connect to the reader the options name. Throws CliError (usage: 2, device/transport: 1). */
export async function connectReader(ctx: CommandContext, cmd: Pick<CliCommand, 'name'>, o: ConnectOptions = {}): Promise<HostConnection> {
  checkFlags(ctx, cmd);
  const issuerRoot = issuerRootOf(ctx);
  if (o.needsRoot && !issuerRoot && ctx.values.sim !== true) {
    throw usageError('receipts are verified against the issuer root: pass --issuer-root HEX', "or --state DIR with the dev issuer ('passreader issuer init')");
  }
  const log = (p: ReaderProgress) => ctx.out.progress(progressText(p));
  try {
    if (ctx.values.sim === true) {
      const { connectSim } = await import('./sim-transport.js');
      return await connectSim(ctx, issuerRoot, log);
    }
    const { Reader } = await import('../reader/reader.js');
    const bridge = str(ctx.values, 'bridge');
    if (bridge !== undefined) {
      const { BridgeUsb } = await import('../../simulator/bridge/client.js');
      const { WebSocket } = await import('ws');
      let usb: Awaited<ReturnType<typeof BridgeUsb.connect>>;
      let wanted: string | null = null;
      try {
        usb = await BridgeUsb.connect(bridge, {
          WebSocket: WebSocket as never,
          // The chooser picks the reader named by --reader (by its serial number), else the first.
          chooser: async (candidates: USBDevice[]) => candidates.find((d) => wanted === null || d.serialNumber === wanted) ?? null,
        });
      } catch (e) {
        throw new CliError(`${(e as Error).message}`, 1, "is the simulator running? 'npm start' prints the bridge URL");
      }
      try {
        wanted = bridgeSerial(usb.readers, str(ctx.values, 'reader'));
        const { READER_FILTERS } = await import('../transport/finders.js');
        let device: USBDevice;
        try {
          device = await usb.requestDevice({ filters: READER_FILTERS });
        } catch {
          throw new CliError('the bridge has no reader plugged in', 1, 'plug one in from the simulator panel');
        }
        const reader = await Reader.connect(device, { issuerRoot: issuerRoot ?? NO_ROOT, hub: usb as never });
        return {
          reader, issuerRoot, via: 'bridge', onProgress: log,
          close: async () => {
            await reader.close().catch(() => {});
            usb.close();
          },
        };
      } catch (e) {
        usb.close();
        throw e;
      }
    }
    const { nodeUsb } = await import('../transport/node-usb.js');
    const hub = nodeUsb({ onError: () => {} });
    const device = await hub.requestReader();
    const reader = await Reader.connect(device, { issuerRoot: issuerRoot ?? NO_ROOT, hub });
    return { reader, issuerRoot, via: 'usb', onProgress: log, close: () => reader.close().catch(() => {}) };
  } catch (e) {
    throw hostError(e);
  }
}

/** Serial number of bridge reader `name` (null: any reader). */
function bridgeSerial(readers: Array<{ name: string; plugged: boolean; info: { serialNumber: string | null } }>, name: string | undefined): string | null {
  if (name === undefined) return null;
  const plugged = readers.filter((r) => r.plugged);
  const listing = plugged.find((r) => r.name === name);
  if (!listing) {
    throw usageError(`no reader '${name}' plugged into the bridge`, `readers: ${plugged.map((r) => r.name).join(', ') || 'none'}`);
  }
  return listing.info.serialNumber;
}

/** Run `f` with a connection, closing it afterwards; SDK errors become CLI errors. */
export async function withReader<T>(ctx: CommandContext, cmd: Pick<CliCommand, 'name'>, o: ConnectOptions, f: (c: HostConnection) => Promise<T>): Promise<T> {
  const c = await connectReader(ctx, cmd, o);
  try {
    return await f(c);
  } catch (e) {
    throw hostError(e);
  } finally {
    ctx.out.clearProgress();
    await c.close();
  }
}
