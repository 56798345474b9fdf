import { cityEventsSchema, simulatedCityEvents } from '../graphql-city-events.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The city operations centre's event service: a plain GraphQL API with batch root fields. */
const spec: SimulatorSpec = { id: 'city-events', kind: 'graphql', schema: (model) => cityEventsSchema(simulatedCityEvents(model)) };

export default spec;
