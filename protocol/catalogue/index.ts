/**
 * The benefit catalogue of campaign 2024/2025 (spec §7): codes, the table the reader needs,
 * and (host side; the firmware imports table.ts and codes.ts directly) the names.
 */
export * from './codes.js';
export * from './table.js';
export { BENEFIT_NAMES, CATEGORY_NAMES, benefitByName, categoryByName } from './labels.js';
