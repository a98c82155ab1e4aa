// Public surface of the identity module.
export { identityRoutes } from './identity.routes.tsx';
export { requirePlatformAdmin, requireRoles, requireStaff } from './auth.hooks.ts';
export { hasRoleOver, hasAnyRole, isPlatformAdmin, scopePaths, type Actor, type Grant } from './policies.ts';
export { ROLES, ORGANISATION_KINDS, parseOrgCode, childPath, type Role, type OrganisationKind } from './identity.ts';
export * as identityService from './identity.service.ts';
export { findOrganisation, findGovernmentOfRegion, insertOrganisations, findUserByUsername, type Organisation } from './identity.repository.ts';
export { organisationsDataset } from './identity.datasets.ts';
