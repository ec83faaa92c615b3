import { z } from 'zod';

/**
 * Secrets the desktop app keeps for the agent (never in plain text: DESIGN.md), behind one interface so that
 * the main process uses the operating system's key store (`safe-storage-secret-store.node.ts`) and tests use a
 * fake. Each secret has a fixed name: the page cannot invent storage slots.
 */
export const secretNames = ['agent-password', 'microsoft-token-cache'] as const;
export type SecretName = (typeof secretNames)[number];

export const secretNameSchema = z.enum(secretNames);

/** MSAL token caches run to a few tens of kilobytes; a megabyte is far beyond any honest secret. */
export const maximumSecretLength = 1_000_000;

export const secretValueSchema = z.string().min(1).max(maximumSecretLength);

export interface SecretStore {
  /**
   * Whether secrets can be kept on this computer. False when the operating system offers no key store (a Linux
   * desktop without Secret Service or KWallet): then nothing is stored rather than stored weakly.
   */
  isAvailable(): Promise<boolean>;
  /** The secret, or `null` if none is stored or it can no longer be decrypted (the OS key changed). */
  get(name: SecretName): Promise<string | null>;
  /** Rejects with `SecretsUnavailableError` when `isAvailable()` is false. */
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

export class SecretsUnavailableError extends Error {
  override readonly name = 'SecretsUnavailableError';
}
