/** The virtual reader: the real firmware on virtual hardware, for tests, the SDK's simulator transport and demos. */
export { createVirtualReader, TICK_MS, BUS_POLL_MS, KEY_MS } from './virtual-reader.js';
export type { VirtualReader, VirtualReaderOptions } from './virtual-reader.js';
export { TestClock } from './clock.js';
export { VirtualDisplay, VirtualSignal, UsbCapture } from './peripherals.js';
export { AppletInField } from './field-card.js';
export { readerGadget } from './usb-gadget.js';
export type { ReaderGadgetOptions } from './usb-gadget.js';
export { LiveReader } from './live-reader.js';
export type { LiveReaderOptions, LiveView } from './live-reader.js';
