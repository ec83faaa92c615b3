/**
 * Turns a flow document (YAML or JSON: JSON is YAML too) into a checked FlowDefinition, or a
 * ConfigError that lists every problem with the path of the field at fault.
 */
import { parse, YAMLParseError } from 'yaml';
import { ConfigError } from '../../shared/errors.js';
import { parseConfig } from '../parse-config.js';
import { flowSchema, type FlowDefinition } from './flow-schema.js';

/** A flow from parsed data (a database row's JSON, an imported file). */
export function parseFlow(input: unknown, source = 'flow'): FlowDefinition {
  return parseConfig(flowSchema, input, source);
}

/** A flow from the text of a YAML or JSON document. */
export function parseFlowText(text: string, source = 'flow'): FlowDefinition {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const problem = `(document): ${error.message.split('\n')[0]}`;
    throw new ConfigError(`invalid ${source}:\n  ${problem}`, [problem]);
  }
  return parseFlow(data, source);
}
