/**
 * The reader's own descriptors as a gadget's descriptor source: every control
 * request goes to firmware/usb's answerControlRequest, the code a board's USB
 * stack calls, so the simulated device answers exactly the firmware's bytes.
 */
import { answerControlRequest, type UsbIdentity } from '../../firmware/usb/index.js';
import type { DescriptorSource } from './info.js';

/** A DescriptorSource answering with the firmware's descriptors for reader `identity`. */
export function firmwareDescriptorSource(identity: UsbIdentity): DescriptorSource {
  return (setup) => answerControlRequest(setup, identity);
}
