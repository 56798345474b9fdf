/** Where the hub writes its operational log (not the audit log). */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * Creates a logger that writes one timestamped line per message to stderr, dropping the
 * levels below `level`.
 */
export function createLogger(level: LogLevel = 'info'): Logger {
  if (!ORDER.includes(level)) throw new TypeError(`log level must be one of ${ORDER.join(', ')}, received ${JSON.stringify(level)}`);
  const threshold = ORDER.indexOf(level);
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, ...details: unknown[]) => {
    if (ORDER.indexOf(at) < threshold) return;
    console.error(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}`, ...details);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
