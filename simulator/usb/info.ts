/**
 * What a host learns about a USB device by enumerating it: the parsed device,
 * configuration and string descriptors, as plain JSON-able data. The USBDevice
 * attributes are computed from this record only, and the record is built only
 * by reading the descriptors through control requests, so the attributes can
 * never disagree with the bytes the device answers. Browser-safe (no Node).
 */

/** The eight bytes of a SETUP packet, as fields (same shape as firmware/usb's SetupPacket). */
export interface ControlSetup {
  bmRequestType: number;
  bRequest: number;
  wValue: number;
  wIndex: number;
  wLength: number;
}

/**
 * Where a device's control answers come from: the data stage of the answer to
 * `setup` (at most wLength bytes), or null when the device STALLs the request.
 */
export type DescriptorSource = (setup: ControlSetup) => Uint8Array | null;

/** One endpoint of an alternate setting (USBEndpoint fields). */
export interface EndpointInfo {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

/** One alternate setting of an interface (USBAlternateInterface fields). */
export interface AlternateInfo {
  alternateSetting: number;
  interfaceClass: number;
  interfaceSubclass: number;
  interfaceProtocol: number;
  interfaceName: string | null;
  endpoints: EndpointInfo[];
}

/** One interface: its number and alternate settings in descriptor order. */
export interface InterfaceInfo {
  interfaceNumber: number;
  alternates: AlternateInfo[];
}

/** One configuration (USBConfiguration fields plus power attributes). */
export interface ConfigurationInfo {
  configurationValue: number;
  configurationName: string | null;
  /** bmAttributes of the configuration descriptor. */
  attributes: number;
  /** bMaxPower converted to mA. */
  maxPowerMa: number;
  interfaces: InterfaceInfo[];
}

/** Everything enumeration learns; bcd fields are kept raw. */
export interface UsbDeviceInfo {
  /** bcdUSB, e.g. 0x0210. */
  bcdUSB: number;
  deviceClass: number;
  deviceSubclass: number;
  deviceProtocol: number;
  maxPacketSize0: number;
  vendorId: number;
  productId: number;
  /** bcdDevice, e.g. 0x0102. */
  bcdDevice: number;
  manufacturerName: string | null;
  productName: string | null;
  serialNumber: string | null;
  configurations: ConfigurationInfo[];
}

const STANDARD_IN = 0x80;
const GET_DESCRIPTOR = 0x06;
const DT_DEVICE = 1;
const DT_CONFIGURATION = 2;
const DT_STRING = 3;
const DT_INTERFACE = 4;
const DT_ENDPOINT = 5;
const ENDPOINT_TYPES = ['control', 'isochronous', 'bulk', 'interrupt'] as const;

const le16 = (b: Uint8Array, p: number): number => b[p] | (b[p + 1] << 8);

/** Ask `source` for descriptor (type, index) with wLength `length`; throws when STALLed or short. */
function getDescriptor(source: DescriptorSource, type: number, index: number, langId: number, length: number, min: number): Uint8Array {
  const data = source({ bmRequestType: STANDARD_IN, bRequest: GET_DESCRIPTOR, wValue: (type << 8) | index, wIndex: langId, wLength: length });
  if (data === null) throw new Error(`enumeration: GET_DESCRIPTOR type ${type} index ${index} stalled`);
  if (data.length < min || data[1] !== type) throw new Error(`enumeration: bad descriptor type ${type} index ${index}`);
  return data;
}

/** Decode a UTF-16LE string descriptor (bLength, type 3, code units). */
function decodeString(d: Uint8Array): string {
  const end = Math.min(d[0], d.length);
  let s = '';
  for (let p = 2; p + 1 < end; p += 2) s += String.fromCharCode(le16(d, p));
  return s;
}

/** Parse one complete configuration descriptor (with its interfaces and endpoints). */
function parseConfiguration(b: Uint8Array, name: (index: number) => string | null): ConfigurationInfo {
  const config: ConfigurationInfo = {
    configurationValue: b[5],
    configurationName: name(b[6]),
    attributes: b[7],
    maxPowerMa: b[8] * 2,
    interfaces: [],
  };
  let alternate: AlternateInfo | null = null;
  let p = b[0];
  while (p + 2 <= b.length) {
    const length = b[p];
    if (length < 2 || p + length > b.length) throw new Error(`enumeration: bad bLength ${length} at ${p}`);
    const type = b[p + 1];
    if (type === DT_INTERFACE && length >= 9) {
      const number = b[p + 2];
      alternate = {
        alternateSetting: b[p + 3],
        interfaceClass: b[p + 5],
        interfaceSubclass: b[p + 6],
        interfaceProtocol: b[p + 7],
        interfaceName: name(b[p + 8]),
        endpoints: [],
      };
      let iface = config.interfaces.find((i) => i.interfaceNumber === number);
      if (!iface) {
        iface = { interfaceNumber: number, alternates: [] };
        config.interfaces.push(iface);
      }
      iface.alternates.push(alternate);
    } else if (type === DT_ENDPOINT && length >= 7 && alternate !== null) {
      const address = b[p + 2];
      const kind = ENDPOINT_TYPES[b[p + 3] & 3];
      if (kind !== 'control') {
        alternate.endpoints.push({
          endpointNumber: address & 0x0f,
          direction: address & 0x80 ? 'in' : 'out',
          type: kind,
          packetSize: le16(b, p + 4) & 0x7ff,
        });
      }
    }
    p += length;
  }
  return config;
}

/**
 * Enumerate a device as an operating system does: device descriptor, each
 * configuration (its 9-byte header first, then wTotalLength bytes), the
 * LANGID list and every string the descriptors point to (first language).
 * Throws when a required descriptor is STALLed or malformed.
 */
export function enumerate(source: DescriptorSource): UsbDeviceInfo {
  const dev = getDescriptor(source, DT_DEVICE, 0, 0, 18, 18);
  const langs = source({ bmRequestType: STANDARD_IN, bRequest: GET_DESCRIPTOR, wValue: DT_STRING << 8, wIndex: 0, wLength: 255 });
  const langId = langs !== null && langs.length >= 4 ? le16(langs, 2) : 0;
  const name = (index: number): string | null => {
    if (index === 0 || langId === 0) return null;
    const d = source({ bmRequestType: STANDARD_IN, bRequest: GET_DESCRIPTOR, wValue: (DT_STRING << 8) | index, wIndex: langId, wLength: 255 });
    return d === null || d.length < 2 || d[1] !== DT_STRING ? null : decodeString(d);
  };
  const configurations: ConfigurationInfo[] = [];
  for (let i = 0; i < dev[17]; i++) {
    const head = getDescriptor(source, DT_CONFIGURATION, i, 0, 9, 9);
    const total = le16(head, 2);
    configurations.push(parseConfiguration(getDescriptor(source, DT_CONFIGURATION, i, 0, total, total), name));
  }
  return {
    bcdUSB: le16(dev, 2),
    deviceClass: dev[4],
    deviceSubclass: dev[5],
    deviceProtocol: dev[6],
    maxPacketSize0: dev[7],
    vendorId: le16(dev, 8),
    productId: le16(dev, 10),
    bcdDevice: le16(dev, 12),
    manufacturerName: name(dev[14]),
    productName: name(dev[15]),
    serialNumber: name(dev[16]),
    configurations,
  };
}

/** The endpoint `number` in `direction` of an alternate setting, if it has one. */
export function findEndpoint(alt: AlternateInfo, direction: 'in' | 'out', number: number): EndpointInfo | undefined {
  return alt.endpoints.find((e) => e.direction === direction && e.endpointNumber === number);
}
