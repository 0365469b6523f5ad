/*
 * ES5 self-test of the built protocol bundle (global PassProtocol with the
 * namespaces bytes, cbor, framing and STATUS_TABLE), run inside
 * embedded engines (duktape, quickjs "jerryscript" and "espruino" profiles).
 * Plain ES5 on purpose: helpers are defined above their first use (Espruino
 * does not hoist), no labels, no prototype-method tricks.
 *
 * Vectors come either from a global VECTORS = {frames: <frames.json>,
 * cbor: <cbor.json or null>} (duktape: prepended as source text) or, when a
 * host function hostVector(i) exists, one at a time as JSON text of
 * {"group": ..., "v": ...} (null after the last), so that only one vector sits
 * in the engine's heap. An optional host function checkpoint() is called while
 * each vector's data is still alive (the quickjs harness samples the heap there).
 *
 * Group 'rules': the debit scenarios of test/vectors/scenarios.json made
 * self-contained by test/engine/selftest.ts (scenarioVectors), run through
 * PassProtocol.rules.authorizeDebit with names resolved by
 * PassProtocol.catalogue and ISO 8601 times parsed here (no Date.parse).
 *
 * protocolSelfTest() prints one line {"passed":n,"failed":m,"failures":[...]}
 * and returns the same object.
 */
var protocolSelfTest = function () {
  var P = PassProtocol;
  // The bundle exposes each layer as a namespace (PassProtocol.bytes, .cbor, .framing).
  var B = P.bytes || P;
  var C = P.cbor || P;
  var F = P.framing || P;
  var MAX_FAILURES = 20;
  var SPECIAL = { 'NaN': NaN, 'Infinity': Infinity, '-Infinity': -Infinity, '-0': -0 };
  var R = P.rules;
  var K = P.catalogue;
  var GROUPS = ['frames', 'reassembly', 'cbor.valid', 'cbor.invalid', 'cbor.encodeOnly', 'cbor.unencodable', 'rules'];
  var WALLET_KINDS = { CENTS: 0, UNITS: 1, ENTITLEMENT: 2 };
  var DENY_KINDS = { REVOKED: 1, SUSPENDED: 2 };

  var statusCodes = {};
  var ti;
  for (ti = 0; ti < P.STATUS_TABLE.length; ti++) statusCodes[P.STATUS_TABLE[ti].name] = P.STATUS_TABLE[ti].code;

  var pause = function () {
    if (typeof checkpoint === 'function') checkpoint();
  };

  var codeOf = function (name) {
    if (statusCodes[name] === undefined) throw new Error('unknown status name ' + name);
    return statusCodes[name];
  };

  var hex8 = function (n) {
    var s = '00000000' + (n >>> 0).toString(16);
    return s.substr(s.length - 8);
  };

  /** The value a vector's JSON description stands for (notation of test/vectors/load.ts). */
  var fromJson = function (d) {
    var i;
    if (d === null || typeof d !== 'object') return d;
    if (d instanceof Array) {
      var a = [];
      for (i = 0; i < d.length; i++) a.push(fromJson(d[i]));
      return a;
    }
    var names = Object.keys(d);
    if (names.length === 1 && names[0].charAt(0) === '$') {
      var x = d[names[0]];
      if (names[0] === '$bytes') return B.fromHex(x);
      if (names[0] === '$undefined') return undefined;
      if (names[0] === '$number') return SPECIAL[x];
      if (names[0] === '$map') {
        var m = {};
        for (i = 0; i < x.length; i++) m[String(x[i][0])] = fromJson(x[i][1]);
        return m;
      }
      throw new Error('unknown vector description ' + names[0]);
    }
    var o = {};
    for (i = 0; i < names.length; i++) o[names[i]] = fromJson(d[names[i]]);
    return o;
  };

  /** A canonical text for a value: equal values (maps in any key order) give equal text. */
  var describe = function (v) {
    var i;
    var parts = [];
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (typeof v === 'number') return v === 0 && 1 / v < 0 ? '-0' : String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof Uint8Array) return "h'" + B.toHex(v) + "'";
    if (v instanceof Array) {
      for (i = 0; i < v.length; i++) parts.push(describe(v[i]));
      return '[' + parts.join(',') + ']';
    }
    if (typeof v === 'object') {
      var names = Object.keys(v);
      names.sort();
      for (i = 0; i < names.length; i++) parts.push(JSON.stringify(names[i]) + ':' + describe(v[names[i]]));
      return '{' + parts.join(',') + '}';
    }
    return '<' + typeof v + '>';
  };

  /** Run f; return the thrown value, or null when f returned. */
  var thrown = function (f) {
    try {
      f();
    } catch (e) {
      return e === null || e === undefined ? { code: undefined } : e;
    }
    return null;
  };

  /** Check that f throws a coded error `name` (and offset `at` when given); returns a failure or null. */
  var expectCode = function (f, name, at) {
    var e = thrown(f);
    if (e === null) return 'accepted';
    if (typeof e.code !== 'number') return 'threw without a code: ' + String(e && e.message);
    if (e.code !== codeOf(name)) return 'code ' + e.code + ' instead of ' + codeOf(name) + ' (' + name + ')';
    if (at !== undefined && e.at !== at) return 'offset ' + e.at + ' instead of ' + at;
    return null;
  };

  var drain = function (rx, packet, out) {
    var r = rx.push(packet);
    while (r.kind !== 0) {
      out.push(r);
      r = rx.next();
    }
  };

  var runFrame = function (v) {
    var i;
    var payload = B.fromHex(v.payload);
    var packets = F.splitFrame(v.cid, v.type, v.seq, payload);
    if (packets.length !== v.packetCount) return 'split gave ' + packets.length + ' packets, not ' + v.packetCount;
    if (v.packets) {
      for (i = 0; i < v.packets.length; i++) if (B.toHex(packets[i]) !== v.packets[i]) return 'packet ' + i + ' differs';
    }
    if (v.samplePackets) {
      for (i = 0; i < v.samplePackets.length; i++) {
        if (B.toHex(packets[v.samplePackets[i].index]) !== v.samplePackets[i].hex) return 'packet ' + v.samplePackets[i].index + ' differs';
      }
    }
    if (hex8(F.crc32(payload)) !== v.crc32) return 'crc32 ' + hex8(F.crc32(payload));
    var rx = new F.Reassembler();
    var got = [];
    for (i = 0; i < packets.length; i++) drain(rx, v.packets ? B.fromHex(v.packets[i]) : packets[i], got);
    pause();
    if (got.length !== 1) return 'reassembly gave ' + got.length + ' results';
    var r = got[0];
    if (r.kind !== 1 || r.cid !== v.cid || r.type !== v.type || r.seq !== v.seq) return 'reassembled header differs';
    if (B.toHex(r.payload) !== v.payload) return 'reassembled payload differs';
    return null;
  };

  var resultText = function (kind, status, cid, type, seq, payloadHex) {
    return kind + ' ' + status + ' ' + cid + ' ' + type + ' ' + seq + ' ' + payloadHex;
  };

  var runReassembly = function (v) {
    var i;
    var rx = v.channel === undefined ? new F.Reassembler() : new F.Reassembler({ cid: v.channel });
    var got = [];
    var out = [];
    var expected = [];
    for (i = 0; i < v.packets.length; i++) drain(rx, B.fromHex(v.packets[i]), got);
    pause();
    for (i = 0; i < got.length; i++) {
      var r = got[i];
      out.push(resultText(r.kind === 1 ? 'frame' : r.kind === 2 ? 'error' : 'kind' + r.kind, r.status, r.cid, r.type, r.seq,
        r.payload ? B.toHex(r.payload) : ''));
    }
    for (i = 0; i < v.results.length; i++) {
      var x = v.results[i];
      expected.push(resultText(x.kind, x.status, x.cid, x.type, x.seq, x.payload === undefined ? '' : x.payload));
    }
    if (out.join('|') !== expected.join('|')) return 'results ' + out.join('|') + ' expected ' + expected.join('|');
    return null;
  };

  var runCbor = function (group, v) {
    var value;
    var bytes;
    if (group === 'cbor.valid' || group === 'cbor.encodeOnly') {
      value = fromJson(v.value);
      var hex = B.toHex(C.encode(value));
      if (hex !== v.hex) return 'encoded ' + hex;
      var back = C.decode(B.fromHex(v.hex));
      pause();
      var want = describe(group === 'cbor.valid' ? value : fromJson(v.decoded));
      if (describe(back) !== want) return 'decoded ' + describe(back) + ' expected ' + want;
      return null;
    }
    if (group === 'cbor.invalid') {
      bytes = B.fromHex(v.hex);
      return expectCode(function () { C.decode(bytes); }, v.error, v.at);
    }
    if (group === 'cbor.unencodable') {
      value = fromJson(v.value);
      return expectCode(function () { C.encode(value); }, v.error, undefined);
    }
    return 'unknown group ' + group;
  };

  /** Days from 1970-01-01 to a proleptic Gregorian date (civil-from-days inverse). */
  var daysFromCivil = function (y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400);
    var yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  };

  /** Unix seconds of 'YYYY-MM-DDTHH:MM:SS' + ('Z' | '+HH:MM' | '-HH:MM'), or a number as is. */
  var unix = function (t) {
    if (typeof t === 'number') return t;
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|([+-])(\d\d):(\d\d))$/.exec(t);
    if (!m) throw new Error('bad time ' + t);
    var n = function (i) { return parseInt(m[i], 10); };
    var s = daysFromCivil(n(1), n(2), n(3)) * 86400 + n(4) * 3600 + n(5) * 60 + n(6);
    if (m[7] !== 'Z') s -= (m[8] === '-' ? -1 : 1) * (n(9) * 3600 + n(10) * 60);
    return s;
  };

  var benefitCode = function (b) {
    if (typeof b === 'number') return b;
    var c = K.benefitByName(b);
    if (!c) throw new Error('unknown benefit ' + b);
    return c;
  };

  var runRules = function (v) {
    var i;
    var wallets = [];
    for (i = 0; i < v.wallets.length; i++) {
      var w = v.wallets[i];
      wallets.push({
        benefit: benefitCode(w.benefit), campaign: w.campaign, kind: WALLET_KINDS[w.kind], balance: w.balance,
        loaded: w.loaded, from: unix(w.from), until: unix(w.until), flags: w.flags
      });
    }
    var deny = [];
    for (i = 0; i < v.denylist.length; i++) {
      var e = v.denylist[i];
      var d = { cardId: B.fromHex(e.cardId), kind: DENY_KINDS[e.kind] };
      if (e.benefits) {
        d.benefits = [];
        for (var k = 0; k < e.benefits.length; k++) d.benefits.push(benefitCode(e.benefits[k]));
      }
      if (e.until !== undefined) d.until = unix(e.until);
      deny.push(d);
    }
    var categories = [];
    for (i = 0; i < v.reader.length; i++) {
      var c = K.categoryByName(v.reader[i]);
      if (!c) throw new Error('unknown category ' + v.reader[i]);
      categories.push(c);
    }
    var before = describe(wallets);
    var r = R.authorizeDebit({
      wallets: wallets, benefit: benefitCode(v.benefit), amount: fromJson(v.amount), time: unix(v.time),
      readerCategories: categories, denylist: deny, cardId: B.fromHex(v.card), collective: v.collective === true
    });
    pause();
    var x = v.expect;
    if (r.status !== codeOf(x.status)) return 'status ' + r.status + ' instead of ' + codeOf(x.status) + ' (' + x.status + ')';
    if (r.walletIndex !== x.walletIndex) return 'walletIndex ' + r.walletIndex + ' instead of ' + x.walletIndex;
    if (r.balanceAfter !== x.balanceAfter) return 'balanceAfter ' + r.balanceAfter + ' instead of ' + x.balanceAfter;
    if (describe(wallets) !== before) return 'authorizeDebit modified the wallets';
    if (x.copayPerUnit !== undefined && K.coPayment(benefitCode(v.benefit)) !== x.copayPerUnit) return 'copay differs';
    return null;
  };

  var runOne = function (group, v) {
    if (group === 'frames') return runFrame(v);
    if (group === 'rules') return runRules(v);
    if (group === 'reassembly') return runReassembly(v);
    return runCbor(group, v);
  };

  /** The i-th vector as {group, v}, or null after the last. */
  var groupList = function (g) {
    if (g === 'frames') return VECTORS.frames.frames;
    if (g === 'reassembly') return VECTORS.frames.reassembly;
    if (g === 'rules') return VECTORS.rules || [];
    if (!VECTORS.cbor) return [];
    return VECTORS.cbor[g.substr(5)] || [];
  };
  var vectorAt = function (i) {
    if (typeof hostVector === 'function') {
      var text = hostVector(i);
      return text === null ? null : JSON.parse(text);
    }
    var k;
    for (k = 0; k < GROUPS.length; k++) {
      var list = groupList(GROUPS[k]);
      if (i < list.length) return { group: GROUPS[k], v: list[i] };
      i -= list.length;
    }
    return null;
  };

  var passed = 0;
  var failed = 0;
  var failures = [];
  var i = 0;
  var item = vectorAt(0);
  while (item !== null) {
    var why;
    try {
      why = runOne(item.group, item.v);
    } catch (e) {
      why = 'threw ' + String(e && e.message) + ' (code ' + String(e && e.code) + ')';
    }
    if (why === null) {
      passed++;
    } else {
      failed++;
      if (failures.length < MAX_FAILURES) failures.push({ group: item.group, name: item.v.name, why: why });
    }
    i++;
    item = null; // drop the vector before fetching the next one
    item = vectorAt(i);
  }
  var summary = { passed: passed, failed: failed, failures: failures };
  print(JSON.stringify(summary));
  return summary;
};
