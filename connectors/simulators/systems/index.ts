import type { SimulatorSpec } from '../simulator-spec.ts';
import adminDivisions from './admin-divisions.ts';
import buildingModels from './building-models.ts';
import cityEvents from './city-events.ts';
import communityWorkers from './community-workers.ts';
import elderlyRegistry from './elderly-registry.ts';
import grids from './grids.ts';
import rainfall from './rainfall.ts';
import weatherWarnings from './weather-warnings.ts';
import waterLevels from './water-levels.ts';
import roadWaterlogging from './road-waterlogging.ts';
import pumpTrucks from './pump-trucks.ts';
import drainageNetwork from './drainage-network.ts';
import riverQuality from './river-quality.ts';
import emergencyShelters from './emergency-shelters.ts';
import emergencySupplies from './emergency-supplies.ts';
import specialEquipment from './special-equipment.ts';
import bridgeMonitoring from './bridge-monitoring.ts';
import undergroundPipelines from './underground-pipelines.ts';

/** The simulated legacy system of every sample-city connector, by connector id. */
export const SIMULATORS: readonly SimulatorSpec[] = [adminDivisions, grids, elderlyRegistry, communityWorkers, buildingModels, cityEvents, rainfall, weatherWarnings, waterLevels, roadWaterlogging, pumpTrucks, drainageNetwork, riverQuality, emergencyShelters, emergencySupplies, specialEquipment, bridgeMonitoring, undergroundPipelines];
