/**
 * Test doubles for the device end of a gadget's bulk pipes: an echo endpoint
 * that sends every OUT packet straight back as an IN packet, and a scripted
 * endpoint whose IN packets a test pushes by hand.
 */
import type { PacketEndpoint } from './gadget.js';

/** A PacketEndpoint whose device side a test drives: `received` OUT packets, `send` IN packets. */
export interface ScriptedEndpoint extends PacketEndpoint {
  /** Every OUT packet the device received, in order (copies). */
  readonly received: Uint8Array[];
  /** Send one IN packet from the device (throws before the gadget registered its receiver). */
  send(packet: Uint8Array): void;
  /** Power changes seen (true = plugged). */
  readonly power: boolean[];
  /** Number of bus resets seen. */
  readonly resets: number;
}

/** A scripted endpoint; `onWrite` (optional) runs on each OUT packet, e.g. to answer it. */
export function scriptedEndpoint(onWrite?: (packet: Uint8Array, ep: ScriptedEndpoint) => void): ScriptedEndpoint {
  let deliver: ((p: Uint8Array) => void) | null = null;
  let resets = 0;
  const ep: ScriptedEndpoint = {
    received: [],
    power: [],
    get resets() {
      return resets;
    },
    write(packet) {
      ep.received.push(new Uint8Array(packet));
      if (onWrite) onWrite(packet, ep);
    },
    onPacket(cb) {
      deliver = cb;
    },
    onPower(on) {
      ep.power.push(on);
    },
    onBusReset() {
      resets++;
    },
    send(packet) {
      if (!deliver) throw new Error('endpoint not attached to a gadget');
      deliver(packet);
    },
  };
  return ep;
}

/** An endpoint that echoes each OUT packet back unchanged as an IN packet. */
export function echoEndpoint(): ScriptedEndpoint {
  return scriptedEndpoint((packet, ep) => ep.send(packet));
}
