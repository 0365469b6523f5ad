/**
 * The catalogue against the domain text: every amount DOMAIN.md / the seeds state, listed here
 * by hand, must be what protocol/catalogue holds; and the tables are well formed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BENEFITS, CATEGORIES, benefitInfo, categoryOf, coPayment, groupOf, isIndividualOnly, isReaderUsable, isSplitAllowed } from '../../protocol/catalogue/table.js';
import { AMOUNT_RULES, DRIVING_AMOUNTS, EQUIPMENT_TABLE } from '../../protocol/catalogue/amounts.js';
import {
  BENEFIT_LABELS, BENEFIT_NAMES, CATEGORY_LABELS, CATEGORY_NAMES, benefitByName, benefitLabel, campaignLabel, categoryByName, categoryLabel,
} from '../../protocol/catalogue/labels.js';
import { BENEFIT_MAX, CATEGORY_MAX } from '../../protocol/catalogue/codes.js';

/** Amounts as the domain text states them: benefit, default, other amounts (cents or units). */
const DOMAIN_AMOUNTS: [string, number, number[]][] = [
  ['COMP_TEXTBOOKS', 5000, [10000]], // 50 EUR, doubled for a disability
  ['SPECIAL_TEXTBOOKS', 5000, [10000, 20000]], // 50 to 100 EUR by level, doubled for a disability
  ['FIRST_EQUIPMENT', 0, [5000, 50000]], // 50 to 500 EUR by diploma and training
  ['SPORT_LICENCE', 3000, [6000]], // 30 EUR; 60 EUR cases
  ['FISHING', 3000, []], // 30 EUR annual fishing card
  ['HUNTING', 3000, []], // 30 EUR hunting permit or yearly validation
  ['CINEMA', 5, []], // 5 tickets
  ['SHOWS', 3000, []], // 30 EUR
  ['LEISURE_BOOKS', 1500, [3500]], // 15 EUR; 35 EUR in terminale
  ['FIRST_AID', 6000, []], // 60 EUR PSC1
  ['DRIVING_LICENCE', 0, [20000, 50000, 100000]], // 200 / 500 / 1000 EUR by mission
  ['FREE_TEXTBOOKS', 0, []], ['MUSEUMS', 0, []], ['DIGITAL', 0, []], ['HEALTH', 0, []], // no balance
];

for (const [name, base, others] of DOMAIN_AMOUNTS) {
  test(`domain amount: ${name} ${base} ${others.join('/')}`, () => {
    const code = benefitByName(name);
    assert.ok(code > 0, name);
    const r = AMOUNT_RULES[code - 1];
    assert.is(r.benefit, code);
    assert.is(r.base, base);
    assert.equal(r.others, others);
  });
}

test('domain amounts: every benefit is listed once', () => {
  assert.equal(DOMAIN_AMOUNTS.map((a) => a[0]).sort(), BENEFIT_NAMES.slice().sort());
});

test('domain: cinema co-payment is 1 EUR per ticket; no other benefit has one', () => {
  for (const b of BENEFITS) assert.is(coPayment(b.code), b.code === benefitByName('CINEMA') ? 100 : 0, BENEFIT_NAMES[b.code - 1]);
  assert.is(coPayment(999), 0);
});

test('domain: driving licence amounts by mission', () => {
  const m: Record<string, number> = {};
  for (const d of DRIVING_AMOUNTS) m[d.mission] = d.cents;
  assert.equal(m, { '35h': 20000, '80h': 50000, jsp: 100000, spv: 50000, cadets: 50000 });
});

test('domain: the first-equipment table of Les Portes de Chartreuse', () => {
  const euros = EQUIPMENT_TABLE.map((r) => `${r.level}/${r.track}=${r.cents / 100}`);
  assert.equal(euros, [
    'cap1/cuisine=200', 'cap1/service-hcr=200', 'cap1/boulanger=150', 'cap1/patissier=200', 'cap-1an/chocolatier-confiseur=200',
    '2de-bac-pro/alimentation=150', '2de-bac-pro/hotellerie-restauration=300', '2de-bac-pro/relation-client=100',
    '1re-bac-pro/alimentation=80', '1re-bac-pro/hotellerie-restauration=150', '1re-bac-pro/relation-client=50',
    'passerelle-1re-bac-pro/alimentation=230', 'passerelle-1re-bac-pro/hotellerie-restauration=450', 'passerelle-1re-bac-pro/relation-client=150',
  ]);
  for (const r of EQUIPMENT_TABLE) assert.ok(r.cents >= 5000 && r.cents <= 50000, 'within 50..500 EUR');
});

test('tables: codes are dense from 1 and labels/amounts follow code order', () => {
  assert.is(BENEFITS.length, BENEFIT_MAX);
  assert.is(CATEGORIES.length, CATEGORY_MAX);
  assert.is(BENEFIT_NAMES.length, BENEFIT_MAX);
  assert.is(CATEGORY_NAMES.length, CATEGORY_MAX);
  BENEFITS.forEach((b, i) => {
    assert.is(b.code, i + 1);
    assert.is(BENEFIT_LABELS[i].code, b.code);
    assert.is(AMOUNT_RULES[i].benefit, b.code);
    assert.ok(/^[A-Z][A-Z0-9_]*$/.test(BENEFIT_NAMES[i]));
    assert.is(benefitByName(BENEFIT_NAMES[i]), b.code);
    assert.ok(categoryOf(b.code) >= 1 && categoryOf(b.code) <= CATEGORY_MAX);
    assert.ok(groupOf(b.code) >= 1);
  });
  CATEGORIES.forEach((c, i) => {
    assert.is(c.code, i + 1);
    assert.is(CATEGORY_LABELS[i].code, c.code);
    assert.ok(/^[A-Z][A-Z0-9_]*$/.test(CATEGORY_NAMES[i]));
    assert.is(categoryByName(CATEGORY_NAMES[i]), c.code);
  });
  assert.is(new Set(BENEFIT_NAMES).size, BENEFITS.length);
  assert.is(new Set(CATEGORY_NAMES).size, CATEGORIES.length);
  assert.is(benefitByName('NOPE'), 0);
  assert.is(benefitInfo(0), null);
  assert.is(benefitInfo(16), null);
  assert.is(benefitInfo(1.5), null);
});

test('flags: digital is online only; first aid, sport, outdoor single use and individual; shows split', () => {
  assert.not.ok(isReaderUsable(benefitByName('DIGITAL')));
  for (const b of BENEFITS) if (BENEFIT_NAMES[b.code - 1] !== 'DIGITAL') assert.ok(isReaderUsable(b.code), BENEFIT_NAMES[b.code - 1]);
  for (const n of ['FIRST_AID', 'SPORT_LICENCE', 'FISHING', 'HUNTING']) {
    assert.not.ok(isSplitAllowed(benefitByName(n)), n);
    assert.ok(isIndividualOnly(benefitByName(n)), n);
  }
  for (const n of ['SHOWS', 'COMP_TEXTBOOKS', 'FIRST_EQUIPMENT', 'CINEMA', 'MUSEUMS']) assert.not.ok(isIndividualOnly(benefitByName(n)), n);
  assert.ok(isSplitAllowed(benefitByName('SHOWS')));
  assert.ok(isIndividualOnly(999));
});

test('labels: French and English, campaign label', () => {
  assert.is(benefitLabel(benefitByName('CINEMA'), 'fr'), 'Cinéma');
  assert.is(benefitLabel(benefitByName('FIRST_AID'), 'en'), 'First aid training (PSC1)');
  assert.is(benefitLabel(99, 'en'), 'benefit 99');
  assert.is(categoryLabel(1, 'fr'), 'Manuels scolaires');
  assert.is(campaignLabel(2024), '2024/2025');
});

test.run();
