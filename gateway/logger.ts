import { pino, stdSerializers, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Where the hub writes its operational log (not the audit log). A detail that is a plain
 * object adds its fields to the line, an `Error` is the line's `err` (name, message, stack),
 * anything else goes under `details`.
 *
 * ```ts
 * logger.info('GraphQL request', { requestId, operation: 'Districts', outcome: 'ok', latencyMs: 12 });
 * ```
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Every {@link LogLevel}, quietest last. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** How log lines are written: one JSON object per line, or pino-pretty's coloured text for a person. */
export type LogFormat = 'json' | 'pretty';

/** Every {@link LogFormat}. */
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lines below this level are dropped. @default 'info' */
  readonly level?: LogLevel;
  /** @default 'json' */
  readonly format?: LogFormat;
  /** Where the lines go (tests capture them here). @default stderr, written synchronously */
  readonly destination?: DestinationStream;
}

/**
 * Creates the hub's logger on pino: JSON lines (`level` as its name, `time` in ISO 8601,
 * `msg`, the fields of the details) on stderr, or pino-pretty's readable lines with
 * `format: 'pretty'`. A level or format it does not know is a `TypeError` naming it.
 *
 * ```ts
 * const logger = createLogger({ level: 'debug', format: 'pretty' });
 * const quiet = createLogger('silent');
 * ```
 */
export function createLogger(options: LogLevel | LoggerOptions = 'info'): Logger {
  const { level = 'info', format = 'json', destination } = typeof options === 'string' ? { level: options } : options;
  if (!LOG_LEVELS.includes(level)) throw new TypeError(`log level must be one of ${LOG_LEVELS.join(', ')}, received ${JSON.stringify(level)}`);
  if (!LOG_FORMATS.includes(format)) throw new TypeError(`log format must be one of ${LOG_FORMATS.join(', ')}, received ${JSON.stringify(format)}`);
  const stream =
    destination ??
    (format === 'pretty'
      ? pinoPretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ fd: 2, sync: true }));
  const base = pino({ level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, stream);
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, ...details: unknown[]) => {
    if (!base.isLevelEnabled(at)) return;
    base[at](fieldsOf(details), message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

// Private: the fields a line's details add (see Logger).
function fieldsOf(details: readonly unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const rest: unknown[] = [];
  for (const detail of details) {
    if (detail instanceof Error) {
      // pino serializes `err` itself (type, message, stack, cause).
      if (fields.err === undefined) fields.err = detail;
      else rest.push(stdSerializers.err(detail));
    } else if (isPlainObject(detail)) {
      Object.assign(fields, detail);
    } else if (detail !== undefined) {
      rest.push(detail);
    }
  }
  if (rest.length > 0) fields.details = rest;
  return fields;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The log level in `CITYHUB_LOG_LEVEL` (`info` when unset or empty); throws a `TypeError`
 * naming the variable and the value for one it does not know.
 *
 * ```ts
 * resolveLogLevel({ CITYHUB_LOG_LEVEL: 'debug' }); // 'debug'
 * ```
 */
export function resolveLogLevel(env: Readonly<Record<string, string | undefined>>): LogLevel {
  const value = env.CITYHUB_LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(value as LogLevel)) {
    throw new TypeError(`CITYHUB_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, received ${JSON.stringify(env.CITYHUB_LOG_LEVEL)}`);
  }
  return value as LogLevel;
}

/**
 * The log format in `CITYHUB_LOG_FORMAT`: `json` or `pretty` as set; when unset or empty,
 * `pretty` when stderr (where the lines go) is a terminal, `json` otherwise (a service
 * manager, a container, a pipe). Throws a `TypeError` naming the variable for another value.
 *
 * ```ts
 * resolveLogFormat({ CITYHUB_LOG_FORMAT: 'json' }, true); // 'json'
 * ```
 */
export function resolveLogFormat(env: Readonly<Record<string, string | undefined>>, isTerminal = process.stderr.isTTY === true): LogFormat {
  const value = env.CITYHUB_LOG_FORMAT?.trim();
  if (!value) return isTerminal ? 'pretty' : 'json';
  if (!LOG_FORMATS.includes(value as LogFormat)) {
    throw new TypeError(`CITYHUB_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, received ${JSON.stringify(env.CITYHUB_LOG_FORMAT)}`);
  }
  return value as LogFormat;
}
