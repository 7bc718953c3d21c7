export * from './audit.js';
export * from './ledger.js';
export * from './members.js';
export * from './network.js';
export * from './partners.js';
export * from './pools.js';
export * from './settlement.js';
export * from './transactions.js';
