/** Mounts SignIn.vue with an auth actor for the pool `npm start` serves (a Vite project with @vitejs/plugin-vue). */
import { createApp } from 'vue';
import { createAuth } from '../../index.js';
import { loadDemoConfig } from '../demo/src/demo-config.js';
import SignIn from './SignIn.vue';

export async function mountVueSignIn(selector: string): Promise<void> {
  const config = await loadDemoConfig();
  const auth = createAuth({ userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint });
  createApp(SignIn, { auth }).mount(selector);
}
