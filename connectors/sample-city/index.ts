/**
 * The sample city: the manifests of its 66 departmental systems (`DEPARTMENTS`), the
 * simulators of their legacy systems (`SIMULATORS`, one spec each) seeded from one city model,
 * and `startSampleCity`, which runs them on loopback. Nothing in the hub, governance, the
 * connector SDK or the source kinds imports this folder: only `cityhub start --sample-city`,
 * `cityhub serve-connector`, the tests and the benchmarks load it.
 */
export { DEPARTMENTS } from './departments/index.ts';
export { SAMPLE_CITY_LATENCY_ENV, SAMPLE_CITY_MQTT_ENV, startSampleCity } from './sample-city.ts';
export { SIMULATORS } from './simulators/systems/index.ts';
export type { SampleCity, SampleCityOptions } from './sample-city.ts';
export { createCityModel, CITY_CODE, CITY_SCALES, DEFAULT_CITY_SEED, personIdOf } from './simulators/city-model.ts';
export type { CityModel, CityScale } from './simulators/city-model.ts';
export { startRestSimulator } from './simulators/rest-simulator.ts';
export type { RestSimulator, RecordedCall } from './simulators/rest-simulator.ts';
export { startGraphqlSimulator } from './simulators/graphql-simulator.ts';
export type { GraphqlSimulator, GraphqlSimulatorOptions, RecordedGraphqlCall } from './simulators/graphql-simulator.ts';
export { BUILDING_MODELS_SDL, buildingModelsSchema, simulatedBuildings, startBuildingModelsSimulator } from './simulators/graphql-building-models.ts';
export type { BuildingModelsSimulator, BuildingModelsState, SimulatedBuilding } from './simulators/graphql-building-models.ts';
export { CITY_EVENTS_SDL, cityEventsSchema, simulatedCityEvents, startCityEventsSimulator } from './simulators/graphql-city-events.ts';
export type { CityEventsSimulator, SimulatedCityEvent, SimulatedDispatch } from './simulators/graphql-city-events.ts';
export { startSoapSimulator } from './simulators/soap-simulator.ts';
export type { LegacySoapOperation, RecordedSoapCall, SoapSimulator, SoapSimulatorOptions } from './simulators/soap-simulator.ts';
export { formatCsv, writeCsvDrop } from './simulators/csv-drop.ts';
export type { LegacyCsvFile } from './simulators/csv-drop.ts';
export { startMqttBroker } from './simulators/mqtt-broker.ts';
export type { MqttBroker, MqttBrokerOptions } from './simulators/mqtt-broker.ts';
export { startMqttSimulator } from './simulators/mqtt-simulator.ts';
export type { MqttSimulator, MqttSimulatorOptions, SimulatedSensor } from './simulators/mqtt-simulator.ts';
export { waterLevelSensors, waterLevelStationId } from './simulators/mqtt-water-levels.ts';
export type { WaterLevelSensorsOptions } from './simulators/mqtt-water-levels.ts';
export { seedOf } from './simulators/seed-of.ts';
export type * from './simulators/simulator-spec.ts';
