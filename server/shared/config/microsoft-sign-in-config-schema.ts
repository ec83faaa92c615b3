/**
 * `teams.signIn` in tandem.yaml: agents sign in with their Microsoft (Entra ID) account. Off by
 * default. It needs an app registration whose application (client) id is `clientId`, the tenants whose
 * users may sign in (`tenants`, ids), and for the browser's redirect flow the redirect URI
 * `<Tandem's address>/api/sign-in/microsoft/callback` registered on the app. With `clientSecret` the server
 * redeems codes as a confidential client ("Web" platform); without, as a public client with PKCE only.
 */
import { z } from 'zod';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) => z.string().regex(guidPattern, { error: `expected ${what} (GUID)` });

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
  error: 'expected an https:// URL',
});

export const microsoftSignInSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** The app registration's application (client) id: the audience of the tokens Tandem accepts. */
    clientId: guid('an application (client) id').optional(),
    /** The app's client secret, for the browser redirect flow; prefer TANDEM_TEAMS_SIGN_IN_CLIENT_SECRET. */
    clientSecret: z.string().min(1).optional(),
    /** Tenant ids whose users may sign in (their tokens' issuer and `tid`). */
    tenants: z.array(guid('a tenant id')).default([]),
    /** The identity platform's host; national clouds and tests change it. */
    authority: httpsUrl.default('https://login.microsoftonline.com'),
    /** A PEM file of extra CA certificates to trust for the identity platform (a proxy, a test CA). */
    caFile: z.string().min(1).optional(),
    /** Clock difference tolerated on `exp` and `nbf`. */
    clockSkewSeconds: z.number().int().min(0).max(600).default(120),
    /** How long the desk session and SIP password issued at sign-in last (a working day by default). */
    sessionHours: z.number().min(0.05).max(24).default(12),
  })
  .superRefine((value, context) => {
    if (!value.enabled) return;
    if (value.clientId === undefined)
      context.addIssue({
        code: 'custom',
        path: ['clientId'],
        message: 'expected clientId when teams.signIn.enabled is true',
      });
    if (value.tenants.length === 0)
      context.addIssue({
        code: 'custom',
        path: ['tenants'],
        message: 'expected at least one tenant id when teams.signIn.enabled is true',
      });
  });

export type MicrosoftSignInConfig = z.output<typeof microsoftSignInSchema>;
