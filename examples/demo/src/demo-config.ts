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
}

export interface DemoConfig {
  endpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  users: DemoUser[];
  /** The demo TOTP user and its authenticator secret, so the page can show the current code. */
  totp: { username: string; secret: string };
}

export const DEMO_CONFIG_PATH = '/demo-config.json';

export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch(DEMO_CONFIG_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${DEMO_CONFIG_PATH} answered ${response.status}: start the demo with npm start`);
  return (await response.json()) as DemoConfig;
}
