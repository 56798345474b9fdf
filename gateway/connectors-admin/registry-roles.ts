import type { Principal } from '../../governance/index.ts';

/** The role of a department's connector administrator: acts on its own department's connectors only. */
export const CONNECTOR_ADMIN_ROLE = 'connector-admin';
/** The role of the platform's administrators: acts on every department's connectors. */
export const PLATFORM_ADMIN_ROLE = 'platform-admin';

/**
 * Whether a principal may register, activate, roll back, retire and read the registry
 * entries of connectors of `department`: a {@link PLATFORM_ADMIN_ROLE} for every department,
 * a {@link CONNECTOR_ADMIN_ROLE} for its own.
 *
 * ```ts
 * mayAdministerConnectors(PERSONAS.connectorAdmin, 'Civil Affairs Bureau'); // true
 * mayAdministerConnectors(PERSONAS.connectorAdmin, 'Big Data Centre');      // false
 * ```
 */
export function mayAdministerConnectors(principal: Principal, department: string): boolean {
  if (principal.roles.includes(PLATFORM_ADMIN_ROLE)) return true;
  return principal.roles.includes(CONNECTOR_ADMIN_ROLE) && principal.department !== '' && principal.department === department;
}

/** Whether a principal holds either connector-administration role. */
export function isConnectorAdministrator(principal: Principal): boolean {
  return principal.roles.includes(PLATFORM_ADMIN_ROLE) || principal.roles.includes(CONNECTOR_ADMIN_ROLE);
}
