/**
 * Prompt files made ahead of the first caller: every text a flow can speak (its steps' prompts, and
 * their invalid / no-input variants) and the clips queue announcements are built from. Synthesis takes
 * a moment per text (espeak-ng, then sox); made once, the files are cached in the data directory.
 */
import type { FlowDefinition } from '../routing/flows/index.js';
import { ANNOUNCEMENT_CLIPS, type PromptMaker } from '../sfu/ivr/index.js';
import { CALLBACK_CONFIRMED, CALLBACK_OFFER } from './ivr-finder.js';

/** Texts in a flow: every string list under a key that names prompts (prompts, invalidPrompts...). */
export function flowPromptTexts(flow: FlowDefinition): string[] {
  const texts = new Set<string>();
  for (const step of flow.steps) {
    for (const [key, value] of Object.entries(step)) {
      if (!/prompts$/i.test(key) || !Array.isArray(value)) continue;
      for (const text of value) if (typeof text === 'string') texts.add(text);
    }
  }
  return [...texts];
}

export async function warmPrompts(prompts: PromptMaker, flows: readonly FlowDefinition[]): Promise<number> {
  let made = 0;
  for (const flow of flows) {
    for (const text of [
      ...flowPromptTexts(flow),
      ...ANNOUNCEMENT_CLIPS,
      CALLBACK_OFFER,
      CALLBACK_CONFIRMED,
    ]) {
      await prompts.ensure({ text, voice: flow.voice });
      made++;
    }
  }
  return made;
}
