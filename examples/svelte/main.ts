/** Mounts SignIn.svelte with an auth actor for the pool `npm start` serves (a Vite project with the Svelte plugin). */
import { mount } from 'svelte';
import { createAuth } from '../../index.js';
import { loadDemoConfig } from '../demo/src/demo-config.js';
import SignIn from './SignIn.svelte';

export async function mountSvelteSignIn(target: HTMLElement): Promise<void> {
  const config = await loadDemoConfig();
  const auth = createAuth({ userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint });
  mount(SignIn, { target, props: { auth } });
}
