/**
 * `npm start`: the demo. Starts, on 127.0.0.1 only, the simulated readers
 * (the real firmware on virtual hardware, with a dev Region and dev cards in
 * a state directory), the WebSocket bridge that lets a page use them as USB
 * devices, and the HTTP server of the till and canteen pages.
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { startBridge } from '../simulator/bridge/server.js';
import { buildAssets } from './server/bundle.js';
import { controlRoutes } from './server/control.js';
import { CANTEEN_READER, openDemo, TILL_READER } from './server/demo.js';
import { createPageServer, sendJson, type Route } from './server/http.js';

const HELP = `Usage: npm start -- [options]

Starts the Pass'Région demo on 127.0.0.1: a partner till and a canteen kiosk in
the browser, two simulated readers (the real firmware on virtual hardware) and
dev cards to tap, with their PINs shown in the simulated reader panel.

Options:
  --port N      HTTP port of the pages (default: $PORT, else 8080; 0 picks a free one).
                Without --port/$PORT, a busy 8080 moves to the next free port.
  --state DIR   simulator state directory: dev Region, cards, readers' flash
                (default .sim-state/demo; created on first start, kept afterwards)
  --reset       start again from a fresh state directory (new cards, empty journals)
  -h, --help    show this help

Then open the printed URLs in Chrome, Edge or Chromium. "Use simulated reader"
works in any browser; "Connect reader" needs WebUSB and a real reader.
Stop with Ctrl-C (the state is saved).`;

/** Parse the command line; exits with a message on a usage error. */
function options(): { port: number; explicit: boolean; state: string; reset: boolean } {
  let v;
  try {
    v = parseArgs({
      options: {
        port: { type: 'string' }, state: { type: 'string' }, reset: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (v.help) {
    console.log(HELP);
    process.exit(0);
  }
  const raw = v.port ?? (process.env.PORT || undefined);
  const port = raw === undefined ? 8080 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: the port must be a number from 0 to 65535 (got '${raw}')`);
    process.exit(2);
  }
  return { port, explicit: raw !== undefined, state: v.state ?? '.sim-state/demo', reset: v.reset === true };
}

/** Listen on 127.0.0.1:port; a busy default port moves to the next ones. */
async function listen(server: ReturnType<typeof createPageServer>, port: number, explicit: boolean): Promise<number> {
  for (let p = port, tries = 0; ; p++, tries++) {
    const result = await new Promise<number | NodeJS.ErrnoException>((resolve) => {
      const onError = (e: NodeJS.ErrnoException) => resolve(e);
      server.once('error', onError);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
    if (typeof result === 'number') {
      if (p !== port) console.log(`Port ${port} is busy: using ${p} instead.`);
      return result;
    }
    if (result.code !== 'EADDRINUSE' || explicit || tries >= 20) {
      const why = result.code === 'EADDRINUSE' ? `port ${p} is already in use (another npm start?). Stop it, or choose another port: npm start -- --port 8081` : result.message;
      throw new Error(why);
    }
  }
}

async function main(): Promise<void> {
  const o = options();
  const assets = await buildAssets();
  let demo: ReturnType<typeof openDemo>;
  try {
    demo = openDemo(o.state, { reset: o.reset, log: (s) => console.log(s) });
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  }
  for (const r of demo.readers.values()) r.start();
  const bridge = await startBridge({ readers: new Map([...demo.readers].map(([n, r]) => [n, r.gadget])) });
  let port = 0;
  const serial = (name: string) => demo.metas.get(name)!.readerId;
  const config: Route = (req, res, url) => {
    if (url.pathname !== '/api/config' || req.method !== 'GET') return false;
    sendJson(res, 200, {
      bridgeUrl: bridge.url,
      issuerRoot: demo.issuerRoot,
      readers: { till: { name: TILL_READER, serial: serial(TILL_READER) }, canteen: { name: CANTEEN_READER, serial: serial(CANTEEN_READER) } },
    });
    return true;
  };
  const server = createPageServer(assets, [config, controlRoutes(demo.readers, demo.cards)], () => port);
  try {
    port = await listen(server, o.port, o.explicit);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    demo.close();
    await bridge.close();
    process.exit(1);
  }
  const base = `http://127.0.0.1:${port}`;
  console.log('');
  console.log(`Till:    ${base}/till/`);
  console.log(`Canteen: ${base}/canteen/`);
  console.log(`Bridge:  ${bridge.url} (simulated readers: ${TILL_READER}, ${CANTEEN_READER})`);
  console.log(`State:   ${demo.state.root}`);
  console.log('Press Ctrl-C to stop.');

  const autosave = setInterval(() => {
    try {
      demo.save();
    } catch (e) {
      console.error('could not save the demo state:', (e as Error).message);
    }
  }, 20_000);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(autosave);
    try {
      demo.close();
    } catch (e) {
      console.error('could not save the demo state:', (e as Error).message);
    }
    await bridge.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    console.log('Stopped; state saved.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
