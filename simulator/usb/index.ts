/** The simulated USB device and the navigator.usb it plugs into (see README.md). */
export { UsbGadget } from './gadget.js';
export type { PacketEndpoint, UsbGadgetOptions } from './gadget.js';
export { VirtualUsb, VirtualUsbBus } from './virtual-usb.js';
export type { VirtualUsbOptions } from './virtual-usb.js';
export { UsbContext, UsbConnectionEvent } from './context.js';
export type { DeviceChooser, UsbContextOptions } from './context.js';
export { VirtualUsbDevice } from './device.js';
export type { ForgetHook } from './device.js';
export type { TransferOutcome, TransferStatus, UsbDeviceBackend } from './backend.js';
export { BackendError, isBackendError, Msg } from './errors.js';
export type { BackendFailure } from './errors.js';
export { UsbFaults, zeroCounters } from './faults.js';
export type { GarbleSpec, PacketDirection, PacketFault, UsbCounters } from './faults.js';
export { enumerate } from './info.js';
export type {
  AlternateInfo, ConfigurationInfo, ControlSetup, DescriptorSource, EndpointInfo, InterfaceInfo, UsbDeviceInfo,
} from './info.js';
export { matchesFilter, matchesRequest, validateFilters } from './filters.js';
export { firmwareDescriptorSource } from './firmware-descriptors.js';
export { echoEndpoint, scriptedEndpoint } from './loopback.js';
export type { ScriptedEndpoint } from './loopback.js';
