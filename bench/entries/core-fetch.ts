/**
 * The size-conscious browser build: everything `cognito-auth-machine/core` and `cognito-auth-machine/fetch` export
 * (createAuth with every flow, SRP included, the machine, storage adapters, errors), nothing tree-shaken away.
 */
export * from '../../core.js';
export * from '../../fetch.js';
