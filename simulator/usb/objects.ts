/**
 * The descriptor objects a USBDevice exposes (USBConfiguration, USBInterface,
 * USBAlternateInterface, USBEndpoint, and the transfer results), built from
 * the enumerated UsbDeviceInfo. USBInterface.claimed and .alternate read the
 * owning handle's live state, as in browsers. Browser-safe.
 */
import type { AlternateInfo, ConfigurationInfo, EndpointInfo, InterfaceInfo } from './info.js';

/** What an interface object needs to know of its handle's state. */
export interface InterfaceStateSource {
  isInterfaceClaimed(configurationIndex: number, interfaceIndex: number): boolean;
  selectedAlternateIndex(interfaceIndex: number): number;
}

/** A USBEndpoint. */
export class VirtualUsbEndpoint implements USBEndpoint {
  readonly endpointNumber: number;
  readonly direction: USBDirection;
  readonly type: USBEndpointType;
  readonly packetSize: number;
  constructor(info: EndpointInfo) {
    this.endpointNumber = info.endpointNumber;
    this.direction = info.direction;
    this.type = info.type;
    this.packetSize = info.packetSize;
  }
}

/** A USBAlternateInterface. */
export class VirtualUsbAlternateInterface implements USBAlternateInterface {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly interfaceName: string | null;
  readonly endpoints: USBEndpoint[];
  constructor(info: AlternateInfo) {
    this.alternateSetting = info.alternateSetting;
    this.interfaceClass = info.interfaceClass;
    this.interfaceSubclass = info.interfaceSubclass;
    this.interfaceProtocol = info.interfaceProtocol;
    this.interfaceName = info.interfaceName;
    this.endpoints = info.endpoints.map((e) => new VirtualUsbEndpoint(e));
  }
}

/** A USBInterface; `claimed` and `alternate` follow the handle's state. */
export class VirtualUsbInterface implements USBInterface {
  readonly interfaceNumber: number;
  readonly alternates: USBAlternateInterface[];
  readonly #state: InterfaceStateSource;
  readonly #configurationIndex: number;
  readonly #interfaceIndex: number;
  constructor(info: InterfaceInfo, state: InterfaceStateSource, configurationIndex: number, interfaceIndex: number) {
    this.interfaceNumber = info.interfaceNumber;
    this.alternates = info.alternates.map((a) => new VirtualUsbAlternateInterface(a));
    this.#state = state;
    this.#configurationIndex = configurationIndex;
    this.#interfaceIndex = interfaceIndex;
  }
  /** True while the handle has this interface claimed in the active configuration. */
  get claimed(): boolean {
    return this.#state.isInterfaceClaimed(this.#configurationIndex, this.#interfaceIndex);
  }
  /** The selected alternate setting while claimed, otherwise the first one (as current Chromium). */
  get alternate(): USBAlternateInterface {
    const index = this.claimed ? this.#state.selectedAlternateIndex(this.#interfaceIndex) : 0;
    return this.alternates[index];
  }
}

/** A USBConfiguration. */
export class VirtualUsbConfiguration implements USBConfiguration {
  readonly configurationValue: number;
  readonly configurationName: string | null;
  readonly interfaces: USBInterface[];
  constructor(info: ConfigurationInfo, state: InterfaceStateSource, configurationIndex: number) {
    this.configurationValue = info.configurationValue;
    this.configurationName = info.configurationName;
    this.interfaces = info.interfaces.map((i, n) => new VirtualUsbInterface(i, state, configurationIndex, n));
  }
}

/** A USBInTransferResult: status and the received bytes (an empty DataView on stall). */
export class VirtualUsbInTransferResult implements USBInTransferResult {
  readonly status: USBTransferStatus;
  readonly data: DataView;
  constructor(status: USBTransferStatus, data?: DataView) {
    this.status = status;
    this.data = data ?? new DataView(new ArrayBuffer(0));
  }
}

/** A USBOutTransferResult. */
export class VirtualUsbOutTransferResult implements USBOutTransferResult {
  readonly status: USBTransferStatus;
  readonly bytesWritten: number;
  constructor(status: USBTransferStatus, bytesWritten = 0) {
    this.status = status;
    this.bytesWritten = bytesWritten;
  }
}

/** A DataView over a private copy of `bytes`. */
export function dataViewOf(bytes: Uint8Array | undefined): DataView {
  const copy = new Uint8Array(bytes ? bytes.length : 0);
  if (bytes) copy.set(bytes);
  return new DataView(copy.buffer);
}
