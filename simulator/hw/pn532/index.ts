/** The virtual PN532 NFC controller and the shape of the cards its field holds. */
export { VirtualPn532 } from './virtual-pn532.js';
export type { VirtualPn532Options, ExchangeEvent, Pn532Hooks, Pn532Faults, Pn532Stats } from './virtual-pn532.js';
export { fieldCard } from './field-card.js';
export type { FieldCard, ApduCard, CardIdentity } from './field-card.js';
export { readHostFrame, chipFrame, CHIP_ACK, CHIP_ERROR } from './chip-frames.js';
export type { HostFrame } from './chip-frames.js';
