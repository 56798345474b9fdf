import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat, resolveLogLevel } from '../../gateway/index.ts';
import { resolveHubConfig } from '../../gateway/config.ts';

function capture(level: Parameters<typeof createLogger>[0] extends infer O ? (O extends { level?: infer L } ? L : never) : never) {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('the hub logger (pino)', () => {
  it('writes one JSON line per message, with the fields of its details, an error as err, and an ISO time', () => {
    const { logger, lines } = capture('info');
    logger.info('GraphQL request', { requestId: 'r-1', latencyMs: 12 });
    logger.error('masked error', new RangeError('counter overflow'), 42);
    const [request, failure] = lines();
    expect(request).toMatchObject({ level: 'info', msg: 'GraphQL request', requestId: 'r-1', latencyMs: 12 });
    expect(new Date(request!.time).toISOString()).toBe(request!.time);
    expect(failure).toMatchObject({ level: 'error', msg: 'masked error', err: { type: 'RangeError', message: 'counter overflow' }, details: [42] });
  });

  it('drops the lines below its level, and writes none when silent', () => {
    const warn = capture('warn');
    warn.logger.debug('d');
    warn.logger.info('i');
    warn.logger.warn('w');
    expect(warn.lines().map((line) => line.msg)).toEqual(['w']);
    const silent = capture('silent');
    silent.logger.error('e');
    expect(silent.lines()).toEqual([]);
  });

  it('refuses a level or a format it does not know, naming it', () => {
    expect(() => createLogger('loud' as never)).toThrow('log level must be one of debug, info, warn, error, silent, received "loud"');
    expect(() => createLogger({ format: 'xml' as never })).toThrow('log format must be one of json, pretty, received "xml"');
  });
});

describe('CITYHUB_LOG_LEVEL and CITYHUB_LOG_FORMAT', () => {
  it('reads the level, info by default, and refuses an unknown one at start-up', () => {
    expect(resolveLogLevel({})).toBe('info');
    expect(resolveLogLevel({ CITYHUB_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => resolveLogLevel({ CITYHUB_LOG_LEVEL: 'verbose' })).toThrow('CITYHUB_LOG_LEVEL must be one of debug, info, warn, error, silent, received "verbose"');
    expect(() => resolveHubConfig({ CITYHUB_LOG_LEVEL: 'verbose' })).toThrow('CITYHUB_LOG_LEVEL must be one of');
  });

  it('writes pretty lines to a terminal and JSON elsewhere unless the format is set', () => {
    expect(resolveLogFormat({}, true)).toBe('pretty');
    expect(resolveLogFormat({}, false)).toBe('json');
    expect(resolveLogFormat({ CITYHUB_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(resolveLogFormat({ CITYHUB_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(() => resolveLogFormat({ CITYHUB_LOG_FORMAT: 'text' }, false)).toThrow('CITYHUB_LOG_FORMAT must be one of json, pretty, received "text"');
  });
});
