/**
 * The screen pop: a CRM page opened for the caller when the agent answers, from a template the agent (or
 * IT) configures, e.g. `https://crm.example/search?phone={number}&queue={queue}`.
 *
 * Placeholders: {number} {name} {queue} {callId} {waited}. Each value is URL-encoded (a caller's name cannot
 * add parameters or change the path), and placeholders may only appear after the host, so that no value can
 * send the agent's browser to another site. Only http and https pages are opened.
 */

export const screenPopPlaceholders = ['number', 'name', 'queue', 'callId', 'waited'] as const;
export type ScreenPopPlaceholder = (typeof screenPopPlaceholders)[number];
export type ScreenPopValues = Readonly<Record<ScreenPopPlaceholder, string | null>>;

export type ScreenPopProblem = 'not-a-url' | 'not-http' | 'unknown-placeholder' | 'placeholder-in-host';

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a template cannot be used, or null when it can. */
export function screenPopProblem(template: string): ScreenPopProblem | null {
  const trimmed = template.trim();
  for (const [, name] of trimmed.matchAll(PLACEHOLDER)) {
    if (!(screenPopPlaceholders as readonly string[]).includes(name ?? '')) return 'unknown-placeholder';
  }
  let url: URL;
  try {
    url = new URL(trimmed.replace(PLACEHOLDER, 'x'));
  } catch {
    return 'not-a-url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not-http';
  // Everything up to the end of the authority must be free of placeholders.
  const authorityEnd = trimmed.indexOf('/', trimmed.indexOf('//') + 2);
  const authority = authorityEnd < 0 ? trimmed : trimmed.slice(0, authorityEnd);
  if (/[{}]/.test(authority)) return 'placeholder-in-host';
  return null;
}

/** The page to open, or null when the template is unusable. Missing values become empty. */
export function screenPopUrl(template: string, values: ScreenPopValues): string | null {
  if (screenPopProblem(template) !== null) return null;
  const filled = template
    .trim()
    .replace(PLACEHOLDER, (_whole, name: string) =>
      encodeURIComponent(values[name as ScreenPopPlaceholder] ?? ''),
    );
  return new URL(filled).href;
}
