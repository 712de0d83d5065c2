/** Health checks behind `/ready`: the registry, and the checks the service registers. */
export { diskSpaceCheck } from './disk-space.ts';
export type { Degradation, HealthCheck, HealthRegistry, HealthResult } from './registry.ts';
export { createHealthRegistry } from './registry.ts';
export { createStoreGuard, type StoreGuard } from './store-guard.ts';
