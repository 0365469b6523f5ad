/** The benefit catalogue of campaign 2024/2025 (spec §7): codes and the table the reader needs. */
export * from './codes.js';
export * from './table.js';
