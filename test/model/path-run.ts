import type { RunPasskeys } from './run-passkeys.js';
import type { AuthEvent, AuthFlow } from '../../machines/auth-events.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import type { CognitoOperation } from '../../services/cognito-api.js';
import type { Feature, World } from './backends.js';
import type { StepFault } from './fault-transport.js';
import type { ManagedLogin } from './managed-login.js';

/* What a step driver is given and what it is: shared by the drivers of every group of model steps. */

export interface Principal {
  username: string;
  password: string;
  totpSecret?: string;
}

export interface PathRun {
  world: World;
  readonly actor: AuthActor;
  /** A username never used before in this run. */
  fresh(prefix: string): string;
  /** The user the path is about. */
  user?: Principal;
  /** Sends an event as the app would, including malformed ones. */
  send(event: AuthEvent | { type: string; [key: string]: unknown }): void;
  /**
   * Stops the actor and starts a new one on the same storage, as a page reload does (`asyncStorage`: read through
   * an asynchronous storage, so that the chart restores the session itself instead of being handed it at start).
   */
  reload(options?: { asyncStorage?: boolean }): Promise<void>;
  /** A page reload that resumes from `authSnapshot` (`late`: after the challenge's session has ended). */
  resume(options?: { late?: boolean }): Promise<void>;
  /**
   * Another tab on the same token storage acts (`act` drives its actor), then this tab is told as tab sync
   * tells it: SESSION_CHANGED_ELSEWHERE with what storage now holds.
   */
  elsewhere(act: (other: AuthActor) => void | Promise<void>): Promise<void>;
  /** Lets time pass for the actor's timers (a simulated clock; Cognito's clock is not moved). */
  elapse(ms: number): void;
  /** The next call of that operation does not reach Cognito: the network fails, or no answer ever comes. */
  failNext(op: CognitoOperation, fault: StepFault): void;
  /** Cognito's managed login (the authorize page and the token endpoint), scripted over the backend. */
  managedLogin: ManagedLogin;
  /** The passkeys of this run: the authenticator the machine's ceremonies use, and a way to cancel the next one. */
  passkeys: RunPasskeys;
}

export interface StepDriver {
  needs?: Feature[];
  /** The app's default sign-in flow this step needs (the flow an auto sign-in uses). */
  appAuthFlow?: AuthFlow;
  run(r: PathRun): Promise<void> | void;
}

