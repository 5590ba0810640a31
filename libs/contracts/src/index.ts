/**
 * @sapa/contracts: the one source of truth for every message Sapa sends. Each schema gives
 * both the TypeScript type and the runtime check used at every edge.
 */
export * from './limits.js';
export * from './widget-settings.defaults.js';
export * from './errors.js';
export * from './ids.js';
export * from './actors.js';
export * from './fields.js';
export * from './events.js';
export * from './chat.commands.js';
export * from './presence.commands.js';
export * from './directory.commands.js';
export * from './tickets.events.js';
export * from './tickets.commands.js';
export * from './notify.commands.js';
export * from './duty.commands.js';
export * from './subjects.js';
export * from './protocol.js';
export * from './restart-hint.js';
export * from './rest.js';
