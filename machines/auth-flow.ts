import * as z from 'zod/mini';
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * The sign-in flows the machine runs: SRP or the plain password (`USER_PASSWORD_AUTH`), each optionally behind the
 * app's custom challenge triggers. Its own module because the events, the context, the config and the services
 * all name it.
 */
export const authFlowSchema = /* @__PURE__ */ builtOnFirstUse(() => z.enum(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_WITH_SRP', 'CUSTOM_WITHOUT_SRP']));
export type AuthFlow = z.infer<ReturnType<typeof authFlowSchema>>;
