import { buildingModelsSchema } from '../graphql-building-models.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The planning bureau's 3D model index: an Apollo Federation subgraph over `model.buildings`. */
const spec: SimulatorSpec = { id: 'building-models', kind: 'graphql', schema: (model) => buildingModelsSchema(model) };

export default spec;
