/**
 * The device side of a USBDevice: what the WebUSB front end (VirtualUsbDevice)
 * asks of "the device service and the device". Two implementations exist: a
 * session on an in-process UsbGadget, and a remote session over the WebSocket
 * bridge. Both only move data and report failures; every WebUSB rule (opened,
 * configured, claimed, endpoint available, state change in progress, error
 * names) lives once, in VirtualUsbDevice. Browser-safe.
 */
import type { ControlSetup, UsbDeviceInfo } from './info.js';

/** Completion status of a transfer that reached the device (the WebUSB USBTransferStatus). */
export type TransferStatus = 'ok' | 'stall' | 'babble';

/** A completed transfer: its status, the data read (IN) or the count written (OUT). */
export interface TransferOutcome {
  status: TransferStatus;
  /** IN transfers: the bytes received (empty on stall). */
  data?: Uint8Array;
  /** OUT transfers: bytes accepted by the device (0 on stall). */
  bytesWritten?: number;
}

/**
 * One host-side handle on a device (a browser's USBDevice object, an
 * operating-system device handle). Each method resolves when the device has
 * done the operation, or rejects with a BackendError (disconnected, cancelled,
 * transfer-error, failed); callers have already checked the WebUSB rules.
 */
export interface UsbDeviceBackend {
  /** The enumerated descriptors of the device. */
  readonly info: UsbDeviceInfo;
  /** bConfigurationValue active when this handle was created, or null (unconfigured). */
  readonly activeConfiguration: number | null;
  /** Call `cb` once when the device goes away (unplug, bridge lost); never after `dispose`. */
  onDisconnect(cb: () => void): void;
  open(): Promise<void>;
  /** Release this handle's claims and cancel its pending transfers (they fail with 'cancelled'). */
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  /** Rejects 'failed' when another handle holds the interface. */
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>;
  controlTransferIn(setup: ControlSetup): Promise<TransferOutcome>;
  controlTransferOut(setup: ControlSetup, data: Uint8Array): Promise<TransferOutcome>;
  /** Bulk/interrupt IN on endpoint number `endpoint` (1..15), waiting for data. */
  transferIn(endpoint: number, length: number): Promise<TransferOutcome>;
  /** Bulk/interrupt OUT on endpoint number `endpoint`: the data goes out as max-packet-size packets. */
  transferOut(endpoint: number, data: Uint8Array): Promise<TransferOutcome>;
  clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void>;
  reset(): Promise<void>;
  /** Drop the handle for good (forget(), a closed context); closes it if open. */
  dispose(): void;
}
