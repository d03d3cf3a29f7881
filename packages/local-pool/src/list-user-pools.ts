import { page } from './pagination.js';
import type { PoolRecord } from './pool-records.js';
import type { ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/**
 * The service's pools, oldest first, `MaxResults` (1–60, required) at a time
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html).
 */
export function listUserPools(state: ServiceState, input: Input): Input {
  const pools = [...state.pools.values()];
  const order = new Map(pools.map((pool, index) => [pool, index.toString(36).padStart(8, '0')]));
  const sortKey = (pool: PoolRecord) => `${order.get(pool)}\u0000${pool.id}`;
  const { items, next } = page(pools, sortKey, Number(input.MaxResults), input.NextToken);
  return {
    UserPools: items.map((pool) => ({
      Id: pool.id,
      Name: pool.name,
      LambdaConfig: { ...pool.lambdaConfig },
      LastModifiedDate: pool.modifiedAt / 1000,
      CreationDate: pool.createdAt / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}
