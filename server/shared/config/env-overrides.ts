/**
 * Environment overrides: every leaf of the configuration schema can be set by an environment
 * variable named `TANDEM_` + its path in SCREAMING_SNAKE_CASE, e.g. `http.port` -> `TANDEM_HTTP_PORT`,
 * `media.rtpengine.portMin` -> `TANDEM_MEDIA_RTPENGINE_PORT_MIN`. Values are read by the leaf's type:
 * numbers, booleans (true/false/1/0/yes/no), strings, and JSON for lists.
 */
import { z } from 'zod';
import { configSchema } from './config-schema.js';
import { unwrapSchema } from './schema-walk.js';

type LeafKind = 'number' | 'boolean' | 'string' | 'json';

export interface ConfigLeaf {
  path: readonly string[];
  envName: string;
  kind: LeafKind;
}

/** Variables with the prefix that are not configuration leaves but are still ours. */
const RESERVED = new Set(['TANDEM_CONFIG', 'TANDEM_SERVER_URL']);

function screamingSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function leavesOf(schema: z.ZodType, path: string[]): ConfigLeaf[] {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leavesOf(child, [...path, key]),
    );
  }
  const kind: LeafKind =
    inner instanceof z.ZodNumber
      ? 'number'
      : inner instanceof z.ZodBoolean
        ? 'boolean'
        : inner instanceof z.ZodString || inner instanceof z.ZodEnum
          ? 'string'
          : 'json';
  return [{ path, envName: `TANDEM_${path.map(screamingSnake).join('_')}`, kind }];
}

/** Every configuration leaf with its environment variable name. */
export const configLeaves: readonly ConfigLeaf[] = leavesOf(configSchema, []);

const leavesByEnvName = new Map(configLeaves.map((leaf) => [leaf.envName, leaf]));

export interface EnvOverrideResult {
  /** Problems that must stop start-up (an override whose value cannot be read). */
  errors: string[];
  /** Things worth a log line (a TANDEM_ variable that matches no key). */
  warnings: string[];
}

function parseValue(
  leaf: ConfigLeaf,
  raw: string,
): { ok: true; value: unknown } | { ok: false; expected: string } {
  switch (leaf.kind) {
    case 'number': {
      const trimmed = raw.trim();
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, expected: 'a number' };
    }
    case 'boolean': {
      const normalized = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(normalized)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(normalized)) return { ok: true, value: false };
      return { ok: false, expected: 'true or false' };
    }
    case 'string':
      return { ok: true, value: raw };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch {
        return { ok: false, expected: 'a JSON value, e.g. ["a","b"]' };
      }
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Applies `TANDEM_*` variables onto the raw (unvalidated) configuration object, in place.
 * Validation happens afterwards on the merged result, so an override is checked like a file value.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): EnvOverrideResult {
  const result: EnvOverrideResult = { errors: [], warnings: [] };
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('TANDEM_') || value === undefined || RESERVED.has(name)) continue;
    const leaf = leavesByEnvName.get(name);
    if (!leaf) {
      result.warnings.push(`environment variable ${name} matches no configuration key and is ignored`);
      continue;
    }
    const parsed = parseValue(leaf, value);
    if (!parsed.ok) {
      result.errors.push(
        `${name} (${leaf.path.join('.')}) = ${JSON.stringify(value)}: expected ${parsed.expected}`,
      );
      continue;
    }
    setPath(raw, leaf.path, parsed.value);
  }
  return result;
}
