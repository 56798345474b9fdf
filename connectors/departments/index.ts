import type { ConnectorDefinition } from '../sdk/define-connector.ts';
import adminDivisions from './admin-divisions.ts';
import buildingModels from './building-models.ts';
import cityEvents from './city-events.ts';
import communityWorkers from './community-workers.ts';
import elderlyRegistry from './elderly-registry.ts';
import grids from './grids.ts';

/** The sample city's departmental systems, one manifest each. */
export const DEPARTMENTS: readonly ConnectorDefinition[] = [adminDivisions, grids, elderlyRegistry, communityWorkers, buildingModels, cityEvents];
