/** Boots SignInComponent with an auth actor for the pool `npm start` serves. */
import '@angular/compiler'; // JIT: the component's template is compiled in the browser
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { createAuth } from '../../index.js';
import { loadDemoConfig } from '../demo/src/demo-config.js';
import { AUTH, SignInComponent } from './sign-in.component.js';

export async function mountAngularSignIn(target: HTMLElement): Promise<void> {
  const config = await loadDemoConfig();
  const auth = createAuth({ userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint });
  target.append(document.createElement('app-sign-in'));
  // Signals drive change detection: no zone.js.
  await bootstrapApplication(SignInComponent, {
    providers: [provideZonelessChangeDetection(), { provide: AUTH, useValue: auth }],
  });
}
