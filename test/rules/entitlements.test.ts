/**
 * Issuer loading rules (simulator/issuer/entitlements.ts): one table of profiles with the
 * exact set of wallets and amounts each receives, then validity windows in Paris time.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { campaignEnd, entitlementsFor, monthsUntil, whyNot } from '../../simulator/issuer/entitlements.js';
import type { HolderProfile } from '../../simulator/issuer/entitlements.js';
import { BENEFITS } from '../../protocol/catalogue/table.js';
import { BENEFIT_NAMES, benefitByName } from '../../protocol/catalogue/labels.js';
import { Benefit } from '../../protocol/catalogue/codes.js';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { loadVectors } from '../vectors/load.js';

/** Unix seconds of an ISO time with explicit offset. */
const at = (iso: string) => Date.parse(iso) / 1000;
const nameOf = (code: number) => BENEFIT_NAMES[code - 1];

/** Culture/sport/outdoor/health/first-aid wallets of a youth with no raised case. */
const YOUTH: Record<string, number> = {
  SPORT_LICENCE: 3000, FISHING: 3000, HUNTING: 3000, CINEMA: 5, SHOWS: 3000, LEISURE_BOOKS: 1500,
  MUSEUMS: 0, DIGITAL: 0, HEALTH: 0, FIRST_AID: 6000,
};
/** A referent card: culture, sport and outdoor only, base amounts. */
const REFERENT: Record<string, number> = {
  SPORT_LICENCE: 3000, FISHING: 3000, HUNTING: 3000, CINEMA: 5, SHOWS: 3000, LEISURE_BOOKS: 1500, MUSEUMS: 0, DIGITAL: 0,
};
const FREE = { FREE_TEXTBOOKS: 0 };
const COMP = { FREE_TEXTBOOKS: 0, COMP_TEXTBOOKS: 5000 };

interface LoadCase {
  name: string;
  profile: HolderProfile;
  campaign?: number;
  loadedAt?: string;
  /** Exactly the wallets loaded: benefit name -> amount (cents/units; 0 for entitlements). */
  expect: Record<string, number>;
}

const school = (p: Partial<HolderProfile>): HolderProfile => ({ status: 'school', ...p });

const CASES: LoadCase[] = [
  { name: '2de general: free textbooks only, no complementary textbooks', profile: school({ level: '2de-gt' }), expect: { ...FREE, ...YOUTH } },
  { name: '1re STMG: complementary textbooks 50 EUR', profile: school({ level: '1re-stmg' }), expect: { ...COMP, ...YOUTH } },
  { name: 'Tle STMG: complementary textbooks and 35 EUR leisure books', profile: school({ level: 'tle-stmg' }), expect: { ...COMP, ...YOUTH, LEISURE_BOOKS: 3500 } },
  { name: 'terminale general: 35 EUR leisure books', profile: school({ level: 'tle-gt' }), expect: { ...FREE, ...YOUTH, LEISURE_BOOKS: 3500 } },
  { name: 'terminale bac pro: 35 EUR leisure books, no equipment', profile: school({ level: 'tle-bac-pro', tradeFamily: 'alimentation' }), expect: { ...COMP, ...YOUTH, LEISURE_BOOKS: 3500 } },
  { name: 'terminale CAP is not a terminale of a bac: 15 EUR leisure books', profile: school({ level: 'cap2', training: 'cuisine' }), expect: { ...COMP, ...YOUTH } },
  { name: '3e prepa-metiers: textbooks but not eligible for first equipment', profile: school({ level: '3e-prepa-metiers' }), expect: { ...COMP, ...YOUTH } },
  { name: 'agricultural 4e at an MFR: free and complementary textbooks', profile: school({ level: '4e-agricole', establishment: 'mfr' }), expect: { ...COMP, ...YOUTH } },
  { name: 'equipment: CAP 1st year cooking 200 EUR', profile: school({ level: 'cap1', training: 'cuisine' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 20000 } },
  { name: 'equipment: CAP 1st year restaurant service 200 EUR', profile: school({ level: 'cap1', training: 'service-hcr' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 20000 } },
  { name: 'equipment: CAP 1st year baker 150 EUR', profile: school({ level: 'cap1', training: 'boulanger' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 15000 } },
  { name: 'equipment: CAP 1st year pastry 200 EUR', profile: school({ level: 'cap1', training: 'patissier' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 20000 } },
  { name: 'equipment: CAP in one year chocolate maker 200 EUR', profile: school({ level: 'cap-1an', training: 'chocolatier-confiseur' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 20000 } },
  { name: 'equipment: 2de bac pro food trades 150 EUR', profile: school({ level: '2de-bac-pro', tradeFamily: 'alimentation' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 15000 } },
  { name: 'equipment: 2de bac pro hotel and catering 300 EUR', profile: school({ level: '2de-bac-pro', tradeFamily: 'hotellerie-restauration' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 30000 } },
  { name: 'equipment: 2de bac pro customer relations 100 EUR', profile: school({ level: '2de-bac-pro', tradeFamily: 'relation-client' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 10000 } },
  { name: 'equipment: 1re bac pro food trades 80 EUR (second payment)', profile: school({ level: '1re-bac-pro', tradeFamily: 'alimentation' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 8000 } },
  { name: 'equipment: 1re bac pro hotel and catering 150 EUR', profile: school({ level: '1re-bac-pro', tradeFamily: 'hotellerie-restauration' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 15000 } },
  { name: 'equipment: 1re bac pro customer relations 50 EUR', profile: school({ level: '1re-bac-pro', tradeFamily: 'relation-client' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 5000 } },
  { name: 'equipment: bridge class food trades 230 EUR', profile: school({ level: 'passerelle-1re-bac-pro', tradeFamily: 'alimentation' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 23000 } },
  { name: 'equipment: bridge class hotel and catering 450 EUR', profile: school({ level: 'passerelle-1re-bac-pro', tradeFamily: 'hotellerie-restauration' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 45000 } },
  { name: 'equipment: bridge class customer relations 150 EUR', profile: school({ level: 'passerelle-1re-bac-pro', tradeFamily: 'relation-client' }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 15000 } },
  { name: 'equipment: 2de bac pro outside a family, Region amount given', profile: school({ level: '2de-bac-pro', equipmentCents: 12000 }), expect: { ...COMP, ...YOUTH, FIRST_EQUIPMENT: 12000 } },
  { name: 'equipment: 1re bac pro outside a family is not paid again', profile: school({ level: '1re-bac-pro', equipmentCents: 12000 }), expect: { ...COMP, ...YOUTH } },
  { name: 'equipment: an amount outside 50..500 EUR is not loaded', profile: school({ level: '2de-bac-pro', equipmentCents: 60000 }), expect: { ...COMP, ...YOUTH } },
  { name: 'apprentice in CAP cooking: no school benefit (funded through the CFA)', profile: { status: 'apprentice', level: 'cap1', training: 'cuisine' }, expect: { ...YOUTH } },
  { name: 'disability: complementary textbooks doubled to 100 EUR, sports licence 60 EUR, equipment not doubled', profile: school({ level: '2de-bac-pro', tradeFamily: 'relation-client', disability: true }), expect: { FREE_TEXTBOOKS: 0, COMP_TEXTBOOKS: 10000, ...YOUTH, SPORT_LICENCE: 6000, FIRST_EQUIPMENT: 10000 } },
  { name: 'sport on prescription (long-term illness): sports licence 60 EUR', profile: school({ level: '1re-gt', sportOnPrescription: true }), expect: { ...FREE, ...YOUTH, SPORT_LICENCE: 6000 } },
  { name: 'girl licensed in a combat-sports club: sports licence 60 EUR', profile: school({ level: '1re-gt', girlCombatSportClub: true }), expect: { ...FREE, ...YOUTH, SPORT_LICENCE: 6000 } },
  { name: 'referent: culture, sport, outdoor only; no raised amount, no health, first aid or driving', profile: { status: 'referent', disability: true, drivingMission: 'jsp', level: 'tle-gt' }, expect: { ...REFERENT } },
  { name: 'IEM with disability: special textbooks 80 EUR doubled to 160 EUR', profile: school({ level: '2de-gt', establishment: 'iem', specialTextbookCents: 8000, disability: true }), expect: { ...YOUTH, SPECIAL_TEXTBOOKS: 16000, SPORT_LICENCE: 6000 } },
  { name: 'CNED without the amount by level: no special textbooks', profile: school({ level: '1re-gt', establishment: 'cned' }), expect: { ...YOUTH } },
  { name: 'health/social training: 100 EUR special textbooks, no free textbooks', profile: school({ level: 'other', establishment: 'sanitary-social', specialTextbookCents: 10000 }), expect: { ...YOUTH, SPECIAL_TEXTBOOKS: 10000 } },
  { name: 'driving licence: 35 h mission 200 EUR', profile: school({ level: '1re-gt', drivingMission: '35h' }), expect: { ...FREE, ...YOUTH, DRIVING_LICENCE: 20000 } },
  { name: 'driving licence: 80 h mission 500 EUR', profile: school({ level: '1re-gt', drivingMission: '80h' }), expect: { ...FREE, ...YOUTH, DRIVING_LICENCE: 50000 } },
  { name: 'driving licence: young firefighter (JSP) 1000 EUR', profile: school({ level: '1re-gt', drivingMission: 'jsp' }), expect: { ...FREE, ...YOUTH, DRIVING_LICENCE: 100000 } },
  { name: 'driving licence: volunteer firefighter (SPV) 500 EUR', profile: school({ level: '1re-gt', drivingMission: 'spv' }), expect: { ...FREE, ...YOUTH, DRIVING_LICENCE: 50000 } },
  { name: 'driving licence: gendarmerie cadet 500 EUR', profile: { status: 'apprentice', level: 'cap1', drivingMission: 'cadets' }, expect: { ...YOUTH, DRIVING_LICENCE: 50000 } },
  { name: 'post-bac level at a lycée: no school benefit', profile: school({ level: 'other' }), expect: { ...YOUTH } },
  { name: 'validated on 15 June 2025: the 2024 school window has ended, culture still loaded', profile: school({ level: 'cap1', training: 'cuisine' }), loadedAt: '2025-06-15T10:00:00+02:00', expect: { ...YOUTH } },
  { name: 'loaded on 1 Sep 2025: only the 24-month driving aid remains for campaign 2024', profile: school({ level: '1re-gt', drivingMission: '35h' }), loadedAt: '2025-09-01T00:00:00+02:00', expect: { DRIVING_LICENCE: 20000 } },
  { name: 'loaded on 31 Aug 2025 23:59:59: culture wallets still loaded', profile: school({ level: '1re-gt' }), loadedAt: '2025-08-31T23:59:59+02:00', expect: { ...YOUTH } },
];

for (const c of CASES) {
  test(`loading: ${c.name}`, () => {
    const ws = entitlementsFor(c.profile, c.campaign ?? 2024, c.loadedAt ? at(c.loadedAt) : undefined);
    const got: Record<string, number> = {};
    for (const w of ws) {
      assert.not.ok(nameOf(w.benefit) in got, 'one wallet per benefit');
      got[nameOf(w.benefit)] = w.loaded;
      assert.is(w.balance, w.loaded, 'a fresh wallet holds its loaded amount');
    }
    assert.equal(got, c.expect);
    for (const b of BENEFITS) {
      const reason = whyNot(c.profile, b.code, c.campaign ?? 2024, c.loadedAt ? at(c.loadedAt) : undefined);
      assert.is(reason === null, nameOf(b.code) in c.expect, `whyNot(${nameOf(b.code)}) agrees with entitlementsFor: ${reason}`);
    }
  });
}

const one = (p: HolderProfile, benefit: number, loadedAt?: string, campaign = 2024) => {
  const w = entitlementsFor(p, campaign, loadedAt ? at(loadedAt) : undefined).find((x) => x.benefit === benefit);
  if (!w) throw new Error(`no wallet ${benefit}`);
  return w;
};

test('window: school benefits run from the validation to the end of 31 May 2025, Paris', () => {
  const w = one(school({ level: 'cap1', training: 'cuisine' }), Benefit.FIRST_EQUIPMENT, '2024-06-20T10:00:00+02:00');
  assert.is(w.from, at('2024-06-20T10:00:00+02:00'));
  assert.is(w.until, at('2025-06-01T00:00:00+02:00'));
  assert.is(w.until, at('2025-05-31T22:00:00Z'));
});

test('window: default loading instant is 11 June 2024 00:00 Paris', () => {
  assert.is(one(school({ level: '2de-gt' }), Benefit.FREE_TEXTBOOKS).from, at('2024-06-10T22:00:00Z'));
});

test('window: culture, sport, outdoor, health and first aid run 1 Sep 2024 to the end of 31 Aug 2025, Paris', () => {
  const p = school({ level: '2de-gt' });
  for (const b of [Benefit.CINEMA, Benefit.SPORT_LICENCE, Benefit.FISHING, Benefit.HEALTH, Benefit.FIRST_AID, Benefit.MUSEUMS]) {
    const w = one(p, b, '2024-06-12T08:00:00+02:00');
    assert.is(w.from, at('2024-08-31T22:00:00Z'));
    assert.is(w.until, at('2025-08-31T22:00:00Z'));
  }
});

test('window: campaign 2023 culture wallets end when campaign 2024 ones start (1 Sep 2024 00:00 Paris)', () => {
  const p = school({ level: '2de-gt' });
  assert.is(one(p, Benefit.SHOWS, undefined, 2023).until, one(p, Benefit.SHOWS, undefined, 2024).from);
  assert.is(one(p, Benefit.SHOWS, undefined, 2023).until, campaignEnd(2023));
});

test('window: driving aid is valid through the anniversary day 24 months later', () => {
  const p = school({ level: '1re-gt', drivingMission: '80h' });
  const w = one(p, Benefit.DRIVING_LICENCE, '2024-10-15T14:00:00+02:00');
  assert.is(w.from, at('2024-10-15T14:00:00+02:00'));
  assert.is(w.until, at('2026-10-16T00:00:00+02:00'));
});

test('window: driving aid loaded on 29 Feb 2024 ends with 28 Feb 2026 (no 29th)', () => {
  assert.is(monthsUntil(at('2024-02-29T12:00:00+01:00')), at('2026-03-01T00:00:00+01:00'));
});

test('window: driving aid loaded late in the evening counts the Paris date, not the UTC date', () => {
  // 31 Dec 2024 23:30 Paris is 22:30 UTC the same day; 1 Jan 2025 00:30 Paris is still 31 Dec in UTC.
  assert.is(monthsUntil(at('2025-01-01T00:30:00+01:00')), at('2027-01-02T00:00:00+01:00'));
  assert.is(monthsUntil(at('2024-12-31T23:30:00+01:00')), at('2027-01-01T00:00:00+01:00'));
});

test('window: single-use flag on sport, fishing, hunting and first aid; kinds copied from the catalogue', () => {
  const ws = entitlementsFor(school({ level: '1re-gt', drivingMission: '35h' }));
  for (const w of ws) {
    const single = [Benefit.SPORT_LICENCE, Benefit.FISHING, Benefit.HUNTING, Benefit.FIRST_AID].includes(w.benefit);
    assert.is(w.flags, single ? 1 : 0, nameOf(w.benefit));
    assert.is(w.kind, BENEFITS[w.benefit - 1].kind);
    assert.is(w.campaign, 2024);
  }
});

test('loading before 11 June of the campaign year throws a coded BAD_REQUEST', () => {
  try {
    entitlementsFor(school({ level: '2de-gt' }), 2024, at('2024-06-10T23:59:59+02:00'));
    assert.unreachable('should throw');
  } catch (e) {
    assert.ok(isCodedError(e));
    assert.is((e as { code: number }).code, Status.BAD_REQUEST);
  }
  assert.throws(() => entitlementsFor(school({ level: '2de-gt' }), 1999));
});

test('whyNot explains the exclusions', () => {
  assert.match(whyNot({ status: 'apprentice', level: 'cap1', training: 'cuisine' }, Benefit.FIRST_EQUIPMENT) ?? '', /CFA/);
  assert.match(whyNot(school({ level: '3e-prepa-metiers' }), Benefit.FIRST_EQUIPMENT) ?? '', /prépa-métiers/);
  assert.match(whyNot({ status: 'referent' }, Benefit.COMP_TEXTBOOKS) ?? '', /referent/);
  assert.match(whyNot(school({ level: '1re-bac-pro' }), Benefit.FIRST_EQUIPMENT) ?? '', /once, entering 2de/);
  assert.is(whyNot(school({ level: '2de-gt' }), Benefit.CINEMA), null);
  assert.match(whyNot(school({ level: '2de-gt' }), 99) ?? '', /unknown/);
});

/** The hand-written wallets of the scenario vectors agree with what the issuer computes. */
test('scenario vectors: wallet windows match the issuer rules', () => {
  const f = loadVectors<{ wallets: Record<string, { from: string; until: string; benefit: string; campaign: number; loaded: number; flags: number }> }>('scenarios');
  const check = (name: string, p: HolderProfile, campaign: number, loadedAt: string | undefined) => {
    const v = f.wallets[name];
    const w = one(p, benefitByName(v.benefit), loadedAt, campaign);
    assert.is(at(v.from), w.from, `${name}.from`);
    assert.is(at(v.until), w.until, `${name}.until`);
    assert.is(v.loaded, w.loaded, `${name}.loaded`);
    assert.is(v.flags, w.flags, `${name}.flags`);
  };
  const p = school({ level: '1re-gt' });
  check('comp2024', school({ level: '1re-stmg' }), 2024, undefined);
  check('comp2024late', school({ level: '1re-stmg' }), 2024, '2024-06-20T10:00:00+02:00');
  check('cinema2024', p, 2024, undefined);
  check('shows2024', p, 2024, undefined);
  check('shows2023', p, 2023, undefined);
  check('sport2024', p, 2024, undefined);
  check('firstaid2024', p, 2024, undefined);
  check('driving35', school({ level: '1re-gt', drivingMission: '35h' }), 2024, '2024-10-15T14:00:00+02:00');
  check('drivingJsp', school({ level: '1re-gt', drivingMission: 'jsp' }), 2024, '2025-03-10T09:00:00+01:00');
  check('drivingDst', school({ level: '1re-gt', drivingMission: '80h' }), 2023, '2023-10-29T11:00:00+01:00');
  check('drivingSpring', school({ level: '1re-gt', drivingMission: 'spv' }), 2024, '2025-03-30T10:00:00+02:00');
});

test.run();
