export { LOG_LEVELS, Log, type LogLevel, type ProxmoxLogger } from './logger.js';
export { Redactor } from './redact.js';
