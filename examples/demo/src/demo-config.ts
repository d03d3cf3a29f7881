/**
 * What the demo page needs to know about the local user pool it talks to. The server script writes it at
 * `/demo-config.json`; the pages read it at start-up, so one build serves any pool on any port.
 */
export interface DemoUser {
  username: string;
  /** What signing in as this user shows. */
  flow: string;
  password?: string;
  authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_WITH_SRP' | 'CUSTOM_WITHOUT_SRP';
  /** The pool the user lives in, when it is not the main one: a key of `DemoConfig.pools`. */
  pool?: string;
}

/** A user pool and its app client. */
export interface DemoPoolCoordinates {
  userPoolId: string;
  userPoolClientId: string;
  /** What sets it apart, for the page to say which pool it talks to. */
  label: string;
}

export interface DemoConfig {
  endpoint: string;
  /** The main pool, where most demo users live. */
  userPoolId: string;
  userPoolClientId: string;
  /** Other pools on the same endpoint, by key; the page talks to one pool at a time (`?pool=<key>`). */
  pools?: Record<string, DemoPoolCoordinates>;
  users: DemoUser[];
  /** Demo users with an authenticator app already set up, so the page can show their current codes. */
  authenticators: { username: string; secret: string }[];
  /**
   * The main pool's managed login: `domain` is where its OAuth endpoints are (the local pool serves them under a
   * path). The page comes back to its own address, which the server registers with the app client.
   */
  oauth?: { domain: string };
}

/** The query parameter that picks the pool, and the one that names the demo user to fill in after the switch. */
export const POOL_PARAM = 'pool';
export const USER_PARAM = 'user';

/** The pool a page address asks for: one of `pools` by key, else the main one (key null). */
export function poolFor(config: DemoConfig, search: string): DemoPoolCoordinates & { key: string | null } {
  const key = new URLSearchParams(search).get(POOL_PARAM);
  const other = key ? config.pools?.[key] : undefined;
  if (key && other) return { ...other, key };
  return { userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, label: 'MFA optional', key: null };
}

export const DEMO_CONFIG_PATH = '/demo-config.json';

export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch(DEMO_CONFIG_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${DEMO_CONFIG_PATH} answered ${response.status}: start the demo with npm start`);
  return (await response.json()) as DemoConfig;
}
