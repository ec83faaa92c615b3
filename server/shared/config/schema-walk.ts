/** Helpers to walk the configuration schema (for environment overrides and error messages). */
import { z } from 'zod';

/** The schema under defaults, prefaults, optionals and nullables. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
