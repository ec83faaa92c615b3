/**
 * `teams:` in tandem.yaml. For now the presence gate: Tandem polls Microsoft Graph
 * (getPresencesByUserId, app-only) and does not offer calls to agents that Teams shows in a call,
 * a meeting, presenting or on Do Not Disturb. Off by default: it needs an Entra app registration
 * with the application permission Presence.Read.All (and User.Read.All to link agents by UPN).
 */
import { z } from 'zod';
import { directRoutingSchema } from './direct-routing-config-schema.js';
import { microsoftSignInSchema } from './microsoft-sign-in-config-schema.js';
import { teamsGraphSchema } from './teams-graph-config-schema.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const tenantPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
  error: 'expected an https:// URL',
});

const fallback = z.enum(['offer', 'hold-back']);
const names = z.array(z.string().trim().min(1, { error: 'expected a non-empty name' }));

const presenceSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** The organisation's Entra tenant: its id (GUID) or a verified domain (contoso.onmicrosoft.com). */
    tenantId: z.string().regex(tenantPattern, { error: 'expected a tenant id (GUID) or domain' }).optional(),
    /** The app registration's application (client) id. */
    clientId: z
      .string()
      .regex(guidPattern, { error: 'expected an application (client) id (GUID)' })
      .optional(),
    /** The app's client secret; prefer TANDEM_TEAMS_PRESENCE_CLIENT_SECRET to writing it in the file. */
    clientSecret: z.string().min(1).optional(),
    /** How often presence is polled (Graph allows 1,500 requests per 30 s per app and tenant). */
    intervalSeconds: z.number().int().min(2).max(3600).default(10),
    /** Presence older than this is stale, and `whenStale` applies. */
    staleAfterSeconds: z.number().int().min(5).max(86_400).default(120),
    whenStale: fallback.default('offer'),
    /** For agents whose presence was never obtained, or is PresenceUnknown. */
    whenUnknown: fallback.default('offer'),
    /** Activities that keep calls away; default InACall, InAConferenceCall, InAMeeting, Presenting. */
    busyActivities: names.optional(),
    /** Availabilities that keep calls away; default DoNotDisturb. */
    busyAvailabilities: names.optional(),
    /** The identity platform's host; national clouds and tests change it. */
    authorityHost: httpsUrl.default('https://login.microsoftonline.com'),
    /** Microsoft Graph's root (the API version is added by Tandem). */
    graphBaseUrl: httpsUrl.default('https://graph.microsoft.com'),
    /** A PEM file of extra CA certificates to trust for both (a TLS-inspecting proxy, a test CA). */
    caFile: z.string().min(1).optional(),
  })
  .superRefine((value, context) => {
    if (!value.enabled) return;
    for (const key of ['tenantId', 'clientId', 'clientSecret'] as const) {
      if (value[key] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `expected ${key} when teams.presence.enabled is true`,
        });
      }
    }
  })
  .refine((value) => value.staleAfterSeconds > value.intervalSeconds, {
    error: 'expected staleAfterSeconds to be longer than intervalSeconds (presence would always be stale)',
    path: ['staleAfterSeconds'],
  });

export const teamsConfigSchema = z
  .strictObject({
    presence: presenceSchema.prefault({}),
    directRouting: directRoutingSchema.prefault({}),
    graph: teamsGraphSchema.prefault({}),
    signIn: microsoftSignInSchema.prefault({}),
  })
  .prefault({});

export type TeamsPresenceConfig = z.output<typeof presenceSchema>;
