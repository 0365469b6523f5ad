/**
 * The NFC port: the byte bus (I2C, SPI or HSU UART) to a PN532 controller.
 * The firmware's PN532 driver speaks PN532 frames over it; a board wires it to
 * the bus peripheral, the simulator to a virtual PN532 chip.
 */
export interface NfcBus {
  /** Write raw bytes to the controller (a host-to-PN532 frame). */
  write(data: Uint8Array): void;
  /** True when the controller has a response ready (the IRQ line or the I2C ready status byte). */
  ready(): boolean;
  /** Read `length` raw bytes from the controller (frames or ACK). */
  read(length: number): Uint8Array;
}
