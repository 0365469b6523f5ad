/** `passreader info`: the reader's identity, mode, partner, agreed categories, clock and journal state. */
import type { CliCommand } from '../../../simulator/cli/command.js';
import { TRANSPORT_HELP, TRANSPORT_OPTIONS, withReader } from '../connect.js';

export const command: CliCommand = {
  name: ['info'],
  summary: 'show the reader: id, firmware, mode, partner, categories, clock, journal',
  usage: '[--sim [--state DIR] [--reader NAME] | --bridge URL [--reader NAME]] [--issuer-root HEX] [--json]',
  description:
    'The partner, categories and validity come from the reader certificate, checked against the issuer\n' +
    'root when one is known (--issuer-root, or the state directory\'s issuer).\n\n' + TRANSPORT_HELP,
  examples: [
    'passreader info',
    'passreader info --sim --state /tmp/demo',
    'passreader info --bridge ws://127.0.0.1:8080/bridge --reader cinema-le-melies --json',
  ],
  options: [...TRANSPORT_OPTIONS, { name: 'json', type: 'boolean', description: 'machine output (JSON on stdout)' }],
  async run(ctx) {
    return withReader(ctx, this, {}, async (c) => {
      const info = await c.reader.info();
      const { describeCertificate } = await import('../show.js');
      const cert = describeCertificate(info.certificate, c.issuerRoot);
      if (ctx.values.json === true) {
        const { publicKey, certificate, ...rest } = info;
        void certificate;
        ctx.out.line(JSON.stringify({ ...rest, publicKey: Buffer.from(publicKey).toString('hex'), certificate: cert }, null, 2));
        return 0;
      }
      const { parisTime } = await import('../../../simulator/cli/show.js');
      const at = (d: Date | null) => (d ? `${parisTime(Math.floor(d.getTime() / 1000))} Paris (${d.toISOString()})` : 'not set');
      ctx.out.heading(`Reader ${info.readerId}`);
      ctx.out.fields([
        ['firmware', `${info.firmwareVersion} (protocol ${info.protocolVersion})`],
        ['mode', info.mode],
        ...cert.lines,
        ['time', at(info.time)],
        ['last receipt', info.lastReceiptTime ? at(info.lastReceiptTime) : 'none'],
        ['denylist', info.denylistVersion ? `version ${info.denylistVersion}` : 'none'],
        ['journal', `${info.journal.used} of ${info.journal.capacity} used, ${info.journal.unacknowledged} not acknowledged`],
        ['via', c.via],
      ]);
      return 0;
    });
  },
};
