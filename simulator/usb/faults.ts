/**
 * Fault injection on a UsbGadget's bulk pipes, by packet number, and the
 * packet counters. Packets are numbered from 1 in each direction, in the order
 * they cross the bus (OUT: as the host controller sends them; IN: as the
 * device queues them), the same numbers as the counters: the next OUT packet
 * is `counters.outPackets + 1`.
 */

/** 'out' = host to device, 'in' = device to host (USB's point of view). */
export type PacketDirection = 'in' | 'out';

/** How to garble a packet: XOR `mask` into the bytes at `offsets` (past the end: ignored). */
export interface GarbleSpec {
  /** Byte offsets to flip; default [10] (first payload byte of an init packet). */
  offsets?: number[];
  /** Bits to flip in each of those bytes; default 0xff. */
  mask?: number;
}

/** What happens to one numbered packet. */
export type PacketFault =
  | { kind: 'unplug' }
  | { kind: 'drop' }
  | { kind: 'garble'; offsets: number[]; mask: number };

/** Counts of what crossed the bus (and what the faults did to it). */
export interface UsbCounters {
  /** Packets the host sent (OUT), including dropped and garbled ones. */
  outPackets: number;
  outBytes: number;
  /** transferOut calls that reached the device. */
  outTransfers: number;
  outDropped: number;
  outGarbled: number;
  /** Packets the device sent (IN), including dropped and garbled ones. */
  inPackets: number;
  inBytes: number;
  /** transferIn calls that completed with data. */
  inTransfers: number;
  inDropped: number;
  inGarbled: number;
  /** Control transfers on endpoint 0 (both directions). */
  controlTransfers: number;
}

/** All counters at zero. */
export function zeroCounters(): UsbCounters {
  return {
    outPackets: 0, outBytes: 0, outTransfers: 0, outDropped: 0, outGarbled: 0,
    inPackets: 0, inBytes: 0, inTransfers: 0, inDropped: 0, inGarbled: 0,
    controlTransfers: 0,
  };
}

/** The planned faults of one gadget, keyed by direction and packet number. */
export class UsbFaults {
  readonly #plan = new Map<string, PacketFault>();

  /** Unplug the device when packet `n` is about to cross (the packet is lost). */
  unplugAt(direction: PacketDirection, n: number): this {
    return this.#set(direction, n, { kind: 'unplug' });
  }

  /** Lose packet `n` silently (an OUT transfer still completes 'ok'). */
  drop(direction: PacketDirection, n: number): this {
    return this.#set(direction, n, { kind: 'drop' });
  }

  /** Flip bits of packet `n` (see GarbleSpec for the defaults). */
  garble(direction: PacketDirection, n: number, spec: GarbleSpec = {}): this {
    return this.#set(direction, n, { kind: 'garble', offsets: spec.offsets ?? [10], mask: (spec.mask ?? 0xff) & 0xff });
  }

  /** Forget every planned fault. */
  clear(): void {
    this.#plan.clear();
  }

  /** Number of planned faults not yet applied. */
  get pending(): number {
    return this.#plan.size;
  }

  /** The fault planned for packet `n` in `direction`, removed from the plan (used by the gadget). */
  take(direction: PacketDirection, n: number): PacketFault | undefined {
    const key = `${direction}:${n}`;
    const fault = this.#plan.get(key);
    if (fault) this.#plan.delete(key);
    return fault;
  }

  #set(direction: PacketDirection, n: number, fault: PacketFault): this {
    if (direction !== 'in' && direction !== 'out') throw new TypeError(`packet direction must be 'in' or 'out'`);
    if (!Number.isInteger(n) || n < 1) throw new RangeError('packet numbers start at 1');
    this.#plan.set(`${direction}:${n}`, fault);
    return this;
  }
}

/** A copy of `packet` with the garble applied. */
export function garbled(packet: Uint8Array, fault: { offsets: number[]; mask: number }): Uint8Array {
  const out = new Uint8Array(packet);
  for (const o of fault.offsets) if (o >= 0 && o < out.length) out[o] ^= fault.mask;
  return out;
}
