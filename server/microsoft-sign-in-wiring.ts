/**
 * Microsoft sign-in for agents, wired into one node (teams.signIn): the identity module and its HTTP
 * routes. The routes exist when the feature is off too, and then answer 404 with a clear message.
 */
import { readFileSync } from 'node:fs';
import type { HttpApi } from './api/http-api.js';
import { registerMicrosoftSignInApi } from './api/microsoft-sign-in-api.js';
import type { MicrosoftSignInConfig } from './shared/config/microsoft-sign-in-config-schema.js';
import { moduleLogger, type Logger } from './shared/logger.js';
import type { Store } from './store/store-types.js';
import { MicrosoftSignIn } from './teams/identity/microsoft-sign-in.js';

export interface MicrosoftSignInWiring {
  readonly config: MicrosoftSignInConfig;
  readonly store: () => Store;
  readonly logger: Logger;
}

export function registerMicrosoftSignIn(http: HttpApi, wiring: MicrosoftSignInWiring): void {
  const { config } = wiring;
  const clientId = config.clientId;
  const signIn =
    config.enabled && clientId
      ? new MicrosoftSignIn({
          config: { ...config, clientId },
          store: wiring.store,
          ...(config.caFile ? { caPem: readFileSync(config.caFile, 'utf8') } : {}),
          logger: moduleLogger(wiring.logger, 'microsoft-sign-in'),
        })
      : null;
  registerMicrosoftSignInApi(http, { signIn, store: wiring.store });
}
