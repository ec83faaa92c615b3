/**
 * Validates routing configuration with a zod schema and turns a failure into the project's
 * ConfigError, one line per problem naming the key, as the configuration loader does.
 */
import type { z } from 'zod';
import { ConfigError } from '../shared/errors.js';

export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => `${[...path, key].join('.')}: unknown key`);
    const key = path.length > 0 ? path.join('.') : '(top level)';
    return [`${key}: ${issue.message.replace(/^Invalid input: /, '')}`];
  });
  throw new ConfigError(`invalid ${what}:\n  ${problems.join('\n  ')}`, problems);
}
