/**
 * The built firmware bundle (dist/firmware/*.js) as the firmware of a virtual
 * reader: the bundle runs inside an embedded engine profile (simulator/engine),
 * every port method is a host function forwarding to the virtual hardware.
 */
import type { Engine } from './quickjs.js';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';

/** A `start` for createVirtualReader that boots `PassReader` inside `engine` (the bundle already loaded). */
export function engineStart(engine: Engine): (ports: ReaderPorts) => Reader {
  return (ports: ReaderPorts): Reader => {
    const p = ports as unknown as Record<string, Record<string, unknown>>;
    for (const port of ['nfc', 'keypad', 'display', 'signal', 'clock', 'flash', 'usb', 'crypto']) {
      const obj = p[port];
      const names = new Set<string>();
      for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
        for (const n of Object.getOwnPropertyNames(o)) names.add(n);
      }
      for (const n of names) {
        if (n === 'constructor') continue;
        // Looked up at each call, so a port method replaced later (instrumentation) is the one used.
        if (typeof obj[n] === 'function') {
          engine.defineHostFunction(`ports.${port}.${n}`, (...args: unknown[]) => (obj[n] as (...a: unknown[]) => unknown).apply(obj, args));
        }
      }
    }
    // Plain properties of the ports, and the configuration.
    const k = ports.keypad;
    const d = ports.display;
    const f = ports.flash;
    const c = ports.config ?? {};
    const root = c.issuerRoot ? Array.from(c.issuerRoot).join(',') : '';
    const cfg = Object.entries(c).filter(([n]) => n !== 'issuerRoot').map(([n, v]) => `${n}: ${JSON.stringify(v)}`).join(', ');
    engine.eval(`ports.keypad.rows = ${k.rows}; ports.keypad.cols = ${k.cols};
      ports.display.lines = ${d.lines}; ports.display.columns = ${d.columns};
      ports.flash.pageSize = ${f.pageSize}; ports.flash.pageCount = ${f.pageCount};
      ports.config = { ${cfg} };
      ${root ? `ports.config.issuerRoot = new Uint8Array([${root}]);` : ''}
      var reader = PassReader.start(ports); 0`);
    return {
      onUsbPacket: (packet) => void engine.call('reader.onUsbPacket', packet),
      tick: () => void engine.call('reader.tick'),
      usbControl: (setup) => engine.call('reader.usbControl', setup) as Uint8Array | null,
    };
  };
}
