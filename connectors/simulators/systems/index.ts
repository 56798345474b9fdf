import type { SimulatorSpec } from '../simulator-spec.ts';
import adminDivisions from './admin-divisions.ts';
import buildingModels from './building-models.ts';
import cityEvents from './city-events.ts';
import communityWorkers from './community-workers.ts';
import elderlyRegistry from './elderly-registry.ts';
import grids from './grids.ts';

/** The simulated legacy system of every sample-city connector, by connector id. */
export const SIMULATORS: readonly SimulatorSpec[] = [adminDivisions, grids, elderlyRegistry, communityWorkers, buildingModels, cityEvents];
