import { resolve } from 'node:path';
import type { LogLevel } from './logger.ts';

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
  /** `CITYHUB_LOG_LEVEL`. @default 'info' */
  readonly logLevel: LogLevel;
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
  development: false,
};

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

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
  const logLevel = (env.CITYHUB_LOG_LEVEL || DEFAULT_HUB_CONFIG.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new TypeError(`CITYHUB_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, received ${JSON.stringify(env.CITYHUB_LOG_LEVEL)}`);
  }
  return {
    port,
    host: env.CITYHUB_HOST || DEFAULT_HUB_CONFIG.host,
    dataDir: resolve(env.CITYHUB_DATA_DIR || DEFAULT_HUB_CONFIG.dataDir),
    scale,
    logLevel,
    development: env.NODE_ENV === 'development',
  };
}
