import type { SimulatorSpec } from '../simulator-spec.ts';
import adminDivisions from './admin-divisions.ts';
import buildingModels from './building-models.ts';
import cityEvents from './city-events.ts';
import communityWorkers from './community-workers.ts';
import elderlyRegistry from './elderly-registry.ts';
import elderlySensors from './elderly-sensors.ts';
import epidemicDaily from './epidemic-daily.ts';
import foodSafety from './food-safety.ts';
import fireHazards from './fire-hazards.ts';
import videoCatalogue from './video-catalogue.ts';
import hospitals from './hospitals.ts';
import rentalRegistration from './rental-registration.ts';
import socialAssistance from './social-assistance.ts';
import grids from './grids.ts';
import populationRegistry from './population-registry.ts';
import businessRegistry from './business-registry.ts';
import socialInsurance from './social-insurance.ts';
import propertyRegistry from './property-registry.ts';
import serviceCatalogue from './service-catalogue.ts';
import serviceApplications from './service-applications.ts';
import identityAccounts from './identity-accounts.ts';
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
import schools from './schools.ts';
import constructionSites from './construction-sites.ts';
import muckPermits from './muck-permits.ts';
import muckManifests from './muck-manifests.ts';
import trafficCheckpoints from './traffic-checkpoints.ts';
import trafficViolations from './traffic-violations.ts';
import dustMonitors from './dust-monitors.ts';
import roadConditions from './road-conditions.ts';
import busOperations from './bus-operations.ts';
import metroRidership from './metro-ridership.ts';
import parking from './parking.ts';
import sharedBikes from './shared-bikes.ts';
import enforcementVehicles from './enforcement-vehicles.ts';
import hotlineTickets from './hotline-tickets.ts';
import sanitationRatings from './sanitation-ratings.ts';
import airQuality from './air-quality.ts';
import noiseMonitors from './noise-monitors.ts';
import sanitationVehicles from './sanitation-vehicles.ts';
import sanitationFacilities from './sanitation-facilities.ts';
import wasteSorting from './waste-sorting.ts';
import parks from './parks.ts';
import gridPatrol from './grid-patrol.ts';
import pollutionPermits from './pollution-permits.ts';
import economicIndicators from './economic-indicators.ts';
import enterprisePower from './enterprise-power.ts';
import gasUsers from './gas-users.ts';
import historicBuildings from './historic-buildings.ts';
import buildingVibration from './building-vibration.ts';
import residentialCommunities from './residential-communities.ts';
import elevators from './elevators.ts';
import urbanVillages from './urban-villages.ts';
import signboards from './signboards.ts';
import cityComponents from './city-components.ts';

/** The simulated legacy system of every sample-city connector, by connector id. */
export const SIMULATORS: readonly SimulatorSpec[] = [
  adminDivisions,
  grids,
  elderlyRegistry,
  communityWorkers,
  populationRegistry,
  buildingModels,
  cityEvents,
  elderlySensors,
  businessRegistry,
  socialInsurance,
  propertyRegistry,
  serviceCatalogue,
  serviceApplications,
  identityAccounts,
  rainfall,
  weatherWarnings,
  waterLevels,
  roadWaterlogging,
  pumpTrucks,
  drainageNetwork,
  riverQuality,
  emergencyShelters,
  emergencySupplies,
  specialEquipment,
  bridgeMonitoring,
  undergroundPipelines,
  schools,
  constructionSites,
  muckPermits,
  muckManifests,
  trafficCheckpoints,
  trafficViolations,
  dustMonitors,
  roadConditions,
  busOperations,
  metroRidership,
  parking,
  sharedBikes,
  enforcementVehicles,
  socialAssistance,
  rentalRegistration,
  hospitals,
  videoCatalogue,
  fireHazards,
  foodSafety,
  epidemicDaily,
  hotlineTickets,
  sanitationRatings,
  airQuality,
  noiseMonitors,
  sanitationVehicles,
  sanitationFacilities,
  wasteSorting,
  parks,
  gridPatrol,
  pollutionPermits,
  economicIndicators,
  enterprisePower,
  gasUsers,
  historicBuildings,
  buildingVibration,
  residentialCommunities,
  elevators,
  urbanVillages,
  signboards,
  cityComponents,
];
