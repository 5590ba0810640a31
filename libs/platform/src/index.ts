/** @sapa/platform: config, logging, lifecycle and trace context shared by every Sapa process. */
export * from './config.js';
export * from './logger.js';
export * from './tracing.js';
export * from './lifecycle.js';
export * from './service.js';
export * from './metrics.js';
export * from './telemetry.js';
