/**
 * The HTTP server of the pages, on 127.0.0.1 only: the HTML and CSS from
 * examples/, the bundles from memory, /api/config (what a page needs to
 * start) and the simulator's control routes (control.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Assets } from './bundle.js';

const EXAMPLES = dirname(dirname(fileURLToPath(import.meta.url)));

/** Files served from examples/ as they are. */
const STATIC: Record<string, { file: string; type: string }> = {
  '/till/': { file: 'till/index.html', type: 'text/html; charset=utf-8' },
  '/canteen/': { file: 'canteen/index.html', type: 'text/html; charset=utf-8' },
  '/': { file: 'shared/index.html', type: 'text/html; charset=utf-8' },
  '/shared/style.css': { file: 'shared/style.css', type: 'text/css; charset=utf-8' },
  '/till/till.css': { file: 'till/till.css', type: 'text/css; charset=utf-8' },
  '/canteen/canteen.css': { file: 'canteen/canteen.css', type: 'text/css; charset=utf-8' },
};

/** A route the server answers besides static files: return true when handled. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Send JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** Read a small JSON request body (at most 16 KiB). */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 16384) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const v = text ? JSON.parse(text) : {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected a JSON object');
  return v as Record<string, unknown>;
}

/** True when the Host header names this loopback server (defeats DNS rebinding). */
function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Create the page server (not yet listening). */
export function createPageServer(assets: Assets, routes: Route[], portOf: () => number): Server {
  return createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req.headers.host, portOf())) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('forbidden host');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      for (const r of routes) if (await r(req, res, url)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let path = url.pathname;
      if (path === '/till' || path === '/canteen') {
        res.writeHead(301, { location: path + '/' }).end();
        return;
      }
      if (path.startsWith('/assets/')) {
        const a = assets.get(path.slice('/assets/'.length));
        if (a) {
          res.writeHead(200, { 'content-type': a.type, 'cache-control': 'no-cache' });
          res.end(a.body);
          return;
        }
      }
      if (path === '/index.html') path = '/';
      const s = STATIC[path];
      if (s) {
        const body = await readFile(join(EXAMPLES, s.file));
        res.writeHead(200, { 'content-type': s.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        res.end(body);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  });
}
