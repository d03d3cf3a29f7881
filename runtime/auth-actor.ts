import type { ActorRefFrom } from 'xstate';
import type { authMachine } from '../machines/auth-machine.js';

/** The running auth machine `createAuth` returns; everything around it (tokens, snapshots, tabs) takes one. */
export type AuthActor = ActorRefFrom<typeof authMachine>;
