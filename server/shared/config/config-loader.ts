/**
 * Loads Tandem's configuration: embedded defaults, then `tandem.yaml` (path from `--config`,
 * `TANDEM_CONFIG`, or `./tandem.yaml` when present), then `TANDEM_*` environment overrides, all
 * validated by one schema. Any problem throws a ConfigError whose message names the key, the value
 * and what was expected, so that start-up stops before anything listens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { configSchema, type TandemConfig } from './config-schema.js';
import { applyEnvOverrides } from './env-overrides.js';
import { unwrapSchema } from './schema-walk.js';

export interface LoadedConfig {
  config: TandemConfig;
  /** Absolute path of the file read, or null when running on embedded defaults. */
  source: string | null;
  warnings: string[];
}

export interface LoadConfigOptions {
  argv?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

const DEFAULT_FILE = 'tandem.yaml';

/** `--config path`, `--config=path`, then TANDEM_CONFIG; null when neither is given. */
export function explicitConfigPath(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | null {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--config') {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError('--config needs a file path');
      return next;
    }
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return env.TANDEM_CONFIG || null;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();

  const explicit = explicitConfigPath(argv, env);
  const candidate = resolve(cwd, explicit ?? DEFAULT_FILE);
  let text: string | null = null;
  if (existsSync(candidate)) {
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read configuration file ${candidate}: ${(error as Error).message}`);
    }
  } else if (explicit !== null) {
    throw new ConfigError(`configuration file ${candidate} does not exist`);
  }

  const result = parseConfig(text ?? '', text === null ? '(embedded defaults)' : candidate, env);
  return { ...result, source: text === null ? null : candidate };
}

/** Parses YAML text (possibly empty), applies environment overrides and validates. */
export function parseConfig(
  text: string,
  sourceName: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Omit<LoadedConfig, 'source'> {
  const raw = parseYamlMapping(text, sourceName);
  const overrides = applyEnvOverrides(raw, env);
  if (overrides.errors.length > 0) {
    throw new ConfigError(
      `invalid environment override${overrides.errors.length > 1 ? 's' : ''}:\n  ${overrides.errors.join('\n  ')}`,
      overrides.errors,
    );
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, raw));
    throw new ConfigError(`invalid configuration in ${sourceName}:\n  ${problems.join('\n  ')}`, problems);
  }
  return { config: parsed.data, warnings: overrides.warnings };
}

function parseYamlMapping(text: string, sourceName: string): Record<string, unknown> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const where = first.linePos?.[0]
      ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`
      : '';
    throw new ConfigError(`${sourceName} is not valid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${sourceName} must hold a mapping of keys (like "http:"), not ${describeValue(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const valid = validKeysAt(path);
    return issue.keys.map((key) => {
      const keyPath = [...path, key].join('.');
      const suggestion = closest(key, valid);
      const hint = suggestion ? `did you mean "${suggestion}"? ` : '';
      return `${keyPath}: unknown key; ${hint}expected one of: ${valid.join(', ')}`;
    });
  }
  const key = path.length > 0 ? path.join('.') : '(top level)';
  const value = valueAt(raw, path);
  const got = value === undefined ? 'missing' : describeValue(value);
  return [`${key} = ${got}: ${plainMessage(issue)}`];
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') {
    return `expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  // Zod's messages read "Invalid input: expected number, received string"; keep the useful part.
  return issue.message.replace(/^Invalid input: /, '').replace(/^Too (big|small): /, '');
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list ${JSON.stringify(value).slice(0, 60)}`;
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return String(value);
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function validKeysAt(path: readonly string[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const key of path) {
    const inner = unwrapSchema(schema);
    if (inner instanceof z.ZodObject) schema = (inner.shape as Record<string, z.ZodType>)[key] ?? inner;
    else if (inner instanceof z.ZodArray) schema = inner.element as z.ZodType;
  }
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/** The valid key nearest to a typo, when it is near enough to be a plausible slip. */
function closest(key: string, candidates: readonly string[]): string | null {
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.candidate : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
