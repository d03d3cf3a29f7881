import { Component, InjectionToken, inject } from '@angular/core';
import type { AuthActor } from '../../index.js';
import { sameView, signInView } from '../sign-in-view.js';
import { selectSignal } from './select-signal.js';

/** The app's one auth actor, provided at bootstrap. */
export const AUTH = new InjectionToken<AuthActor>('cognito-auth-machine actor');

/** Username and password, then an SMS or TOTP code, then signed in: the same sign-in as the other examples. */
export class SignInComponent {
  private readonly auth = inject(AUTH);
  readonly view = selectSignal(this.auth, signInView, sameView);

  signIn(username: string, password: string): void {
    this.auth.send({ type: 'SIGN_IN', username, password });
  }

  confirm(code: string): void {
    this.auth.send({ type: 'CONFIRM_SIGN_IN', code });
  }

  cancel(): void {
    this.auth.send({ type: 'CANCEL' });
  }

  signOut(): void {
    this.auth.send({ type: 'SIGN_OUT' });
  }
}

// `@Component({...})` above the class in an Angular CLI project; applied as a call here, so that this file compiles
// with the library's TypeScript settings (standard decorators) and the template is compiled in the browser (JIT).
Component({
  selector: 'app-sign-in',
  template: `
    @if (view().screen === 'signIn') {
      <form (submit)="$event.preventDefault(); signIn(username.value, password.value)">
        <label>Username or email <input #username autocomplete="username" /></label>
        <label>Password <input #password type="password" autocomplete="current-password" /></label>
        <button type="submit" [disabled]="view().busy">Sign in</button>
      </form>
    } @else if (view().screen === 'code') {
      <form (submit)="$event.preventDefault(); confirm(code.value)">
        <p>{{ view().prompt }}</p>
        <label>Code <input #code inputmode="numeric" autocomplete="one-time-code" /></label>
        <button type="submit" [disabled]="view().busy">Verify</button>
        <button type="button" (click)="cancel()">Cancel</button>
      </form>
    } @else {
      <section>
        <p>Signed in as <strong>{{ view().username }}</strong></p>
        <button type="button" [disabled]="view().busy" (click)="signOut()">Sign out</button>
      </section>
    }
    @if (view().error) {
      <p role="alert">{{ view().error }}</p>
    }
  `,
})(SignInComponent);
