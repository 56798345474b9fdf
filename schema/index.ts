export {
  ADMIN_LEVELS,
  adminLevel,
  isAdminCode,
  isWithin,
  parseAdminCode,
  parentAdminCode,
} from './admin-code.ts';
export type { AdminLevel } from './admin-code.ts';
export { FIELD_TYPES, MASK_RULES, SENSITIVITIES, SHARING_ATTRIBUTES } from './catalogue.ts';
export type * from './catalogue.ts';
export { ConnectorError, GatewayError, GovernanceError, UpstreamTimeoutError, isGatewayError } from './errors.ts';
export { LIMIT_ERROR_CODES } from './errors.ts';
export type { CityErrorCode, GatewayErrorOptions, LimitErrorCode } from './errors.ts';
export { SHARED_KEYS, sharedKeyType, isInternalRootField, isSharedEntity, lookupFieldName, lookupFieldType } from './keys.ts';
export type { SharedEntity } from './keys.ts';
export { AdminCodeScalar, DateTimeScalar, isGeoPoint, toIsoDateTime } from './scalars.ts';
export type { GeoPoint } from './scalars.ts';
export { createCityBuilder } from './builder.ts';
export type { CityBuilder, CitySchemaTypes } from './builder.ts';
