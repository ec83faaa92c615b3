/**
 * `teams.graph:` in tandem.yaml: what Tandem does with Microsoft Graph beyond the polled presence
 * gate. Every part is off by default and uses the app registration of `teams.presence` (tenantId,
 * clientId, clientSecret, authorityHost, graphBaseUrl, caFile).
 *
 * - directory: Teams users with a phone number (app-only User.Read.All), for transfers.
 * - subscriptions: presence change notifications (delegated Presence.Read.All: Graph supports no
 *   application permission for presence subscriptions), needs a public HTTPS notification URL.
 * - calendarGate: agents whose Teams meeting starts within the expected handle time are not
 *   offered calls (application Calendars.Read).
 * - setPresence: agents on a Tandem call show Busy / InACall in Teams (Presence.ReadWrite.All).
 */
import { z } from 'zod';

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
  error: 'expected an https:// URL',
});

const directorySchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** How often the user list is read again from Graph. */
  refreshMinutes: z.number().min(1).max(1440).default(15),
  /** At most this many users are kept (a safety net for very large tenants). */
  maxUsers: z.number().int().min(1).max(200_000).default(20_000),
});

const subscriptionsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** Where Graph posts notifications: public HTTPS, ending in /api/teams/notifications/presence. */
    notificationUrl: httpsUrl.optional(),
    /** PEM certificate (RSA) Graph encrypts resource data with, and its private key. */
    certificateFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /**
     * Refresh token of the service account whose delegated Presence.Read.All token creates the
     * subscriptions; prefer TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_REFRESH_TOKEN to writing it here.
     */
    refreshToken: z.string().min(1).optional(),
    /** Lifetime asked for each subscription (Graph allows at most 60 minutes for presence). */
    expirationMinutes: z.number().int().min(5).max(60).default(55),
    /** Renewed this long before it expires. */
    renewBeforeMinutes: z.number().int().min(1).max(30).default(10),
  })
  .superRefine((value, context) => {
    if (!value.enabled) return;
    for (const key of ['notificationUrl', 'certificateFile', 'keyFile', 'refreshToken'] as const) {
      if (value[key] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `expected ${key} when teams.graph.subscriptions.enabled is true`,
        });
      }
    }
  })
  .refine((value) => value.renewBeforeMinutes < value.expirationMinutes, {
    error: 'expected renewBeforeMinutes to be shorter than expirationMinutes',
    path: ['renewBeforeMinutes'],
  });

const calendarGateSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** An agent whose meeting starts within this long is not offered calls. */
  expectedHandleSeconds: z.number().int().min(30).max(7200).default(300),
  /** How often each agent's calendar is read again. */
  refreshSeconds: z.number().int().min(10).max(3600).default(120),
});

const setPresenceSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Our application's presence session id; the app registration's client id by default. */
  sessionId: z.string().min(1).optional(),
  availability: z.enum(['Busy', 'DoNotDisturb']).default('Busy'),
  activity: z.enum(['InACall', 'InAConferenceCall', 'Busy', 'DoNotDisturb']).default('InACall'),
  /** Expiry of the presence session (Graph: 5 to 240 minutes); a long call renews it. */
  expirationMinutes: z.number().int().min(5).max(240).default(60),
});

export const teamsGraphSchema = z.strictObject({
  directory: directorySchema.prefault({}),
  subscriptions: subscriptionsSchema.prefault({}),
  calendarGate: calendarGateSchema.prefault({}),
  setPresence: setPresenceSchema.prefault({}),
});

export type TeamsGraphConfig = z.output<typeof teamsGraphSchema>;
export type TeamsDirectoryConfig = z.output<typeof directorySchema>;
export type PresenceSubscriptionsConfig = z.output<typeof subscriptionsSchema>;
export type CalendarGateConfig = z.output<typeof calendarGateSchema>;
export type SetPresenceConfig = z.output<typeof setPresenceSchema>;
