import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import { encodeCommand, encodeResponse, parseCommand, parseResponse } from '../../protocol/card/apdu.js';
import {
  debitCommand, getCardDataCommand, getLastTransactionCommand, internalAuthenticateCommand, pinStatusCommand,
  readWalletsCommand, selectCommand, verifyPinCommand, continuation,
} from '../../protocol/card/commands.js';
import { decodeDebitRequest, decodeWallets, encodeWallets, encodePin } from '../../protocol/card/data.js';

function code(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    return isCodedError(e) ? e.code : -1;
  }
  return 0;
}

test('the four short APDU cases encode as ISO 7816-4 says', () => {
  assert.is(toHex(encodeCommand({ cla: 0x80, ins: 0x20, p1: 0, p2: 0 })), '80200000');
  assert.is(toHex(encodeCommand({ cla: 0x80, ins: 0xca, p1: 0, p2: 0, le: 256 })), '80ca000000');
  assert.is(toHex(encodeCommand({ cla: 0x80, ins: 0x20, p1: 0, p2: 0, data: encodePin('1234') })), '802000000431323334');
  assert.is(toHex(selectCommand()), '00a4040008f050415353524101f0');
});

test('profile commands have the documented bytes', () => {
  assert.is(toHex(getCardDataCommand()), '80ca0000f0');
  assert.is(toHex(pinStatusCommand()), '80200000');
  assert.is(toHex(verifyPinCommand('0000')), '802000000430303030');
  assert.is(toHex(readWalletsCommand(false)), '80b20000f0');
  assert.is(toHex(readWalletsCommand(true)), '80b20100f0');
  assert.is(toHex(getLastTransactionCommand()), '80320000f0');
  const ch = fromHex('000102030405060708090a0b0c0d0e0f');
  assert.is(toHex(internalAuthenticateCommand(ch)), '8088000010' + toHex(ch) + 'f0');
});

test('encode/parse round trip for every case (property)', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }),
    fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
    fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
    (cla, ins, p1, p2, data, le) => {
      const bytes = encodeCommand({ cla, ins, p1, p2, data, le });
      const c = parseCommand(bytes);
      assert.equal([c.cla, c.ins, c.p1, c.p2, c.le], [cla, ins, p1, p2, le]);
      assert.is(toHex(c.data!), data ? toHex(data) : '');
    },
  ));
});

test('malformed command APDUs are refused with BAD_REQUEST', () => {
  for (const hex of ['', '80', '8020', '802000', '80200000' + '05' + '31323334', '80200000' + '04' + '3132333435' + '00',
    '80200000' + '00' + '0004' + '31323334', '8020000002' + '31']) {
    assert.is(code(() => parseCommand(fromHex(hex))), Status.BAD_REQUEST, hex);
  }
  assert.is(code(() => encodeCommand({ cla: 0x80, ins: 0x30, p1: 0, p2: 0, data: new Uint8Array(256) })), Status.BAD_REQUEST);
  assert.is(code(() => encodeCommand({ cla: 256, ins: 0x30, p1: 0, p2: 0 })), Status.BAD_REQUEST);
  assert.is(code(() => encodeCommand({ cla: 0x80, ins: 0x30, p1: 0, p2: 0, le: 0 })), Status.BAD_REQUEST);
  assert.is(code(() => encodeCommand({ cla: 0x80, ins: 0x30, p1: 0, p2: 0, le: 257 })), Status.BAD_REQUEST);
  assert.is(code(() => encodePin('12a4')), Status.BAD_REQUEST);
  assert.is(code(() => encodePin('12345')), Status.BAD_REQUEST);
});

test('responses: data + SW, malformed lengths refused with CARD_ERROR', () => {
  const r = parseResponse(encodeResponse(fromHex('cafe'), 0x9000));
  assert.is(r.sw, 0x9000);
  assert.is(toHex(r.data), 'cafe');
  assert.is(parseResponse(fromHex('63c2')).sw, 0x63c2);
  assert.is(parseResponse(fromHex('63c2')).data.length, 0);
  assert.is(code(() => parseResponse(fromHex('90'))), Status.CARD_ERROR);
  assert.is(code(() => parseResponse(new Uint8Array(259))), Status.CARD_ERROR);
  assert.is(code(() => encodeResponse(new Uint8Array(257), 0x9000)), Status.INTERNAL);
});

test('GET RESPONSE continuation follows 61xx only', () => {
  assert.is(continuation({ sw: 0x9000, data: new Uint8Array(0) }), null);
  assert.is(toHex(continuation({ sw: 0x6110, data: new Uint8Array(0) })!), '00c0000010');
  assert.is(toHex(continuation({ sw: 0x6100, data: new Uint8Array(0) })!), '00c00000f0');
});

test('DEBIT data round trip and rejection of bad fields', () => {
  const req = { benefit: 8, campaign: 2024, amount: 1, time: 1730000000, challenge: new Uint8Array(16).fill(7), readerId: new Uint8Array(8).fill(9) };
  const apdu = debitCommand(req);
  const c = parseCommand(apdu);
  assert.is(c.ins, 0x30);
  assert.equal(decodeDebitRequest(c.data!), req);
  assert.is(code(() => debitCommand({ ...req, challenge: new Uint8Array(15) })), Status.BAD_REQUEST);
  assert.is(decodeDebitRequest(fromHex('a0')), null);
  assert.is(decodeDebitRequest(fromHex('ff')), null);
});

test('wallets: the public view drops balances', () => {
  const w = { benefit: 9, campaign: 2024, kind: 0, balance: 1234, loaded: 3000, from: 1, until: 2, flags: 0 };
  const pub = decodeWallets(encodeWallets([w], false))!;
  assert.is(pub[0].balance, undefined);
  assert.is(pub[0].loaded, 3000);
  assert.equal(decodeWallets(encodeWallets([w], true)), [w]);
  assert.is(decodeWallets(fromHex('a0')), null);
});

test.run();
