import type { Principal } from './principal.ts';

/** The names of the sample city's personas. */
export type PersonaName =
  | 'cityOperationsOfficer'
  | 'districtOfficer'
  | 'streetOfficer'
  | 'caseWorker'
  | 'trafficPoliceOfficer'
  | 'auditor'
  | 'appDeveloper'
  | 'connectorAdmin'
  | 'platformAdmin'
  | 'resident';

/**
 * The sample city's personas: one principal per kind of user, for development tokens,
 * demos and tests. The city is `3101`; its district `310106` and that district's street
 * `310106013` exist in the sample data.
 *
 * ```ts
 * const token = await mintToken({ principal: PERSONAS.caseWorker, keys, issuer, audience });
 * ```
 */
export const PERSONAS: Readonly<Record<PersonaName, Principal>> = Object.freeze({
  cityOperationsOfficer: persona({
    subject: 'persona-city-ops',
    displayName: 'City operations officer',
    department: 'City Operations Management Center',
    roles: ['officer'],
    jurisdictions: ['3101'],
    purposes: ['city-operations', 'emergency-response'],
  }),
  districtOfficer: persona({
    subject: 'persona-district-officer',
    displayName: 'District officer',
    department: 'District Operations Center 310106',
    roles: ['officer'],
    jurisdictions: ['310106'],
    purposes: ['city-operations', 'emergency-response', 'service-approval'],
  }),
  streetOfficer: persona({
    subject: 'persona-street-officer',
    displayName: 'Street officer',
    department: 'Street Office 310106013',
    roles: ['officer'],
    jurisdictions: ['310106013'],
    purposes: ['city-operations', 'elderly-care'],
  }),
  caseWorker: persona({
    subject: 'persona-case-worker',
    displayName: 'Civil-affairs case worker',
    department: 'Civil Affairs Bureau',
    roles: ['case-worker'],
    jurisdictions: ['310106'],
    purposes: ['elderly-care', 'service-approval'],
  }),
  trafficPoliceOfficer: persona({
    subject: 'persona-traffic-police',
    displayName: 'Traffic-police officer',
    department: 'Traffic Police Brigade',
    roles: ['officer', 'police'],
    jurisdictions: ['310106'],
    purposes: ['traffic-enforcement', 'emergency-response'],
  }),
  auditor: persona({
    subject: 'persona-auditor',
    displayName: 'Auditor',
    department: 'Audit Bureau',
    roles: ['auditor'],
    jurisdictions: ['3101'],
    purposes: ['audit'],
  }),
  appDeveloper: persona({
    subject: 'persona-app-developer',
    displayName: 'App developer',
    department: 'Open Data Developer Program',
    roles: ['developer'],
    // No jurisdiction: a public principal that reads open data only.
    jurisdictions: [],
    purposes: ['open-data'],
  }),
  // Connector administrators register and activate connectors; they read no city data with
  // that role, so they carry no jurisdiction (public principals for the data).
  connectorAdmin: persona({
    subject: 'persona-civil-affairs-connector-admin',
    displayName: 'Civil-affairs connector administrator',
    department: 'Civil Affairs Bureau',
    roles: ['connector-admin'],
    jurisdictions: [],
    purposes: ['connector-administration'],
  }),
  platformAdmin: persona({
    subject: 'persona-platform-admin',
    displayName: 'Platform administrator',
    department: 'Big Data Centre',
    roles: ['platform-admin'],
    jurisdictions: [],
    purposes: ['connector-administration'],
  }),
  // A resident of street 310106013 (李静 in the sample city's population registry), who
  // reads only their own data-subject access report (`cityhub token resident --person <id>`
  // mints one for another person).
  resident: persona({
    subject: 'persona-resident',
    displayName: 'Resident',
    department: '',
    roles: ['resident'],
    jurisdictions: [],
    purposes: ['data-subject-access'],
    personId: 'P15812193139d7d544ad8df7',
  }),
});

function persona(principal: Principal): Principal {
  return Object.freeze({
    ...principal,
    roles: Object.freeze([...principal.roles]),
    jurisdictions: Object.freeze([...principal.jurisdictions]),
    purposes: Object.freeze([...principal.purposes]),
  });
}
