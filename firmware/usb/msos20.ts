/**
 * The Microsoft OS 2.0 descriptor set: tells Windows 8.1+ to bind WinUSB to the
 * reader with no INF and to register DEVICE_INTERFACE_GUID for it.
 *
 * The reader is not composite (one interface, device class 0), so the feature
 * descriptors follow the set header directly and apply to the whole device:
 * no configuration or function subset headers.
 */
import { DEVICE_INTERFACE_GUID, MS_OS_20_WINDOWS_VERSION } from './constants.js';
import { put16, put32, putUtf16 } from './write.js';

/** wDescriptorType values of MS OS 2.0 descriptors. */
const MS_OS_20_SET_HEADER_DESCRIPTOR = 0x00;
const MS_OS_20_FEATURE_COMPATIBLE_ID = 0x03;
const MS_OS_20_FEATURE_REG_PROPERTY = 0x04;
/** wPropertyDataType REG_MULTI_SZ: NUL-terminated strings ending with an extra NUL. */
const REG_MULTI_SZ = 7;
const SET_HEADER_LENGTH = 10;
const COMPATIBLE_ID_LENGTH = 20;
const PROPERTY_NAME = 'DeviceInterfaceGUIDs';
/** Property name bytes: UTF-16LE with its terminating NUL. */
const NAME_BYTES = 2 * (PROPERTY_NAME.length + 1);
/** Property data bytes: one GUID string, its NUL, and the list-ending NUL. */
const DATA_BYTES = 2 * (DEVICE_INTERFACE_GUID.length + 2);
const REG_PROPERTY_LENGTH = 10 + NAME_BYTES + DATA_BYTES;

/** wTotalLength of the set, also announced in the BOS capability (162 bytes). */
export const MS_OS_20_SET_LENGTH = SET_HEADER_LENGTH + COMPATIBLE_ID_LENGTH + REG_PROPERTY_LENGTH;

/** The descriptor set answered to the MS OS 2.0 vendor request (wIndex 7). */
export function msOs20DescriptorSet(): Uint8Array {
  const d = new Uint8Array(MS_OS_20_SET_LENGTH);
  // Set header.
  put16(d, 0, SET_HEADER_LENGTH);
  put16(d, 2, MS_OS_20_SET_HEADER_DESCRIPTOR);
  put32(d, 4, MS_OS_20_WINDOWS_VERSION);
  put16(d, 8, MS_OS_20_SET_LENGTH);
  // Compatible ID "WINUSB", padded with NULs to 8 bytes; sub-compatible ID all NUL.
  let p = SET_HEADER_LENGTH;
  put16(d, p, COMPATIBLE_ID_LENGTH);
  put16(d, p + 2, MS_OS_20_FEATURE_COMPATIBLE_ID);
  const id = 'WINUSB';
  for (let i = 0; i < id.length; i++) d[p + 4 + i] = id.charCodeAt(i);
  p += COMPATIBLE_ID_LENGTH;
  // Registry property DeviceInterfaceGUIDs (REG_MULTI_SZ).
  put16(d, p, REG_PROPERTY_LENGTH);
  put16(d, p + 2, MS_OS_20_FEATURE_REG_PROPERTY);
  put16(d, p + 4, REG_MULTI_SZ);
  put16(d, p + 6, NAME_BYTES);
  putUtf16(d, p + 8, PROPERTY_NAME); // the NUL is already 0
  p += 8 + NAME_BYTES;
  put16(d, p, DATA_BYTES);
  putUtf16(d, p + 2, DEVICE_INTERFACE_GUID); // both NULs are already 0
  return d;
}
