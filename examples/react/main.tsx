/** Mounts SignIn.tsx with an auth actor for the pool `npm start` serves. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAuth } from '../../index.js';
import { loadDemoConfig } from '../demo/src/demo-config.js';
import { SignIn } from './SignIn.js';

export async function mountReactSignIn(element: HTMLElement): Promise<void> {
  const config = await loadDemoConfig();
  // One actor for the app's lifetime, made outside React so that re-renders and StrictMode never make a second.
  const auth = createAuth({ userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint });
  createRoot(element).render(
    <StrictMode>
      <SignIn auth={auth} />
    </StrictMode>,
  );
}
