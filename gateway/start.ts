import { startSampleCity, type SampleCity } from '../connectors/index.ts';
import type { HubConfig } from './config.ts';
import { createCityHub, GRAPHQL_PATH, type CityHub } from './hub.ts';
import { createLogger } from './logger.ts';

/** A hub serving the sample city, and how to stop both. */
export interface RunningSampleHub {
  readonly hub: CityHub;
  readonly city: SampleCity;
  /** The base URL the hub listens on. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the sample city on its embedded defaults (SQLite files under the data directory,
 * simulated legacy services on loopback) and the hub in front of it.
 */
export async function startSampleHub(config: HubConfig): Promise<RunningSampleHub> {
  const logger = createLogger(config.logLevel);
  const city = await startSampleCity({ dataDir: config.dataDir, scale: config.scale, host: '127.0.0.1' });
  let hub: CityHub;
  try {
    hub = await createCityHub({
      definitions: city.definitions,
      env: { ...process.env, ...city.env },
      dataDir: config.dataDir,
      logger,
      development: config.development,
    });
  } catch (error) {
    await city.close();
    throw error;
  }
  const url = await hub.listen(config.port, config.host);
  logger.info(`CityHub is serving ${city.definitions.length} connectors; GraphiQL at ${url}${GRAPHQL_PATH}`);
  return {
    hub,
    city,
    url,
    async close() {
      await hub.close();
      await city.close();
    },
  };
}
