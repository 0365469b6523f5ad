/** The reader's USB descriptors and the control requests that return them (see firmware/PORTING.md §USB). */
export * from './constants.js';
export { bcdDevice } from './identity.js';
export type { FirmwareVersion, UsbIdentity } from './identity.js';
export {
  deviceDescriptor,
  configurationDescriptor,
  stringDescriptor,
  DEVICE_DESCRIPTOR_LENGTH,
  CONFIGURATION_TOTAL_LENGTH,
} from './standard.js';
export { bosDescriptor, urlDescriptor, BOS_TOTAL_LENGTH } from './bos.js';
export { msOs20DescriptorSet, MS_OS_20_SET_LENGTH } from './msos20.js';
export { answerControlRequest } from './control.js';
export type { SetupPacket } from './control.js';
