/**
 * The USB port: the vendor interface's two 64-byte bulk endpoints. Packets
 * from the host arrive through the reader's `onUsbPacket` entry point;
 * the firmware sends its packets with `send`.
 */
export interface UsbPort {
  /** Queue one 64-byte packet on the bulk IN endpoint. */
  send(packet: Uint8Array): void;
}
