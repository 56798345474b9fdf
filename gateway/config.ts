import { resolve } from 'node:path';
import { resolveLogFormat, resolveLogLevel, type LogFormat, type LogLevel } from './logger.ts';

/** The hub's settings, resolved once at start-up from the environment. */
export interface HubConfig {
  /** `PORT`. @default 4000 */
  readonly port: number;
  /** `CITYHUB_HOST`: the address to listen on. @default '127.0.0.1' */
  readonly host: string;
  /** `CITYHUB_DATA_DIR`: where the embedded stores live, so two hubs can run side by side. @default './data' */
  readonly dataDir: string;
  /**
   * `CITYHUB_SCALE`: the sample city's volume (`small` or `city`), checked when the sample
   * city starts (`startSampleHub`), so that the hub's settings load no simulator.
   * @default 'small'
   */
  readonly scale: string;
  /** `CITYHUB_LOG_LEVEL`: `debug`, `info`, `warn`, `error` or `silent`. @default 'info' */
  readonly logLevel: LogLevel;
  /** `CITYHUB_LOG_FORMAT`: `json` or `pretty`. @default 'pretty' when stderr is a terminal, 'json' otherwise */
  readonly logFormat: LogFormat;
  /** `NODE_ENV=development`: show original messages of masked errors. @default false */
  readonly development: boolean;
}

/** The defaults of every setting. */
export const DEFAULT_HUB_CONFIG: HubConfig = {
  port: 4000,
  host: '127.0.0.1',
  dataDir: './data',
  scale: 'small',
  logLevel: 'info',
  logFormat: 'json',
  development: false,
};

/**
 * Resolves the hub's settings from environment variables, throwing a `TypeError` that names
 * the variable and the value received when one is malformed.
 */
export function resolveHubConfig(env: Readonly<Record<string, string | undefined>> = process.env): HubConfig {
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_HUB_CONFIG.port : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`PORT must be an integer from 0 to 65535, received ${JSON.stringify(env.PORT)}`);
  }
  const scale = env.CITYHUB_SCALE || DEFAULT_HUB_CONFIG.scale;
  const logLevel = resolveLogLevel(env);
  const logFormat = resolveLogFormat(env);
  return {
    port,
    host: env.CITYHUB_HOST || DEFAULT_HUB_CONFIG.host,
    dataDir: resolve(env.CITYHUB_DATA_DIR || DEFAULT_HUB_CONFIG.dataDir),
    scale,
    logLevel,
    logFormat,
    development: env.NODE_ENV === 'development',
  };
}
