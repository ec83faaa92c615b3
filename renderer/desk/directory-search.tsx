import { useEffect, useState } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { DirectoryEntry } from '../services/agent-api.js';
import { agentStateNames, type AgentStateName } from '../store/agent-state/initial-state.js';

/** How long typing pauses before the directory is asked. */
const SEARCH_DELAY_MS = 250;

/**
 * The server's directory (agents with their state, queues with a number) for what is typed, asked once
 * typing pauses; null while there is nothing to show (or the search failed). With `listWhenEmpty` an empty
 * query lists everyone (the transfer panel), otherwise it shows nothing (a new call starts from a number).
 */
export function useDirectorySearch(
  query: string,
  options: { listWhenEmpty: boolean },
): DirectoryEntry[] | null {
  const desk = useDesk();
  const [entries, setEntries] = useState<DirectoryEntry[] | null>(null);
  const trimmed = query.trim();
  const skip = trimmed === '' && !options.listWhenEmpty;
  useEffect(() => {
    if (skip) {
      setEntries(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      desk.searchDirectory(trimmed).then(
        (found) => current && setEntries(found),
        () => current && setEntries(null),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [desk, trimmed, skip]);
  return entries;
}

/** The directory's answers as buttons that choose a target; the chosen one is pressed. */
export function DirectoryResults(props: {
  id: string;
  className: string;
  entries: readonly DirectoryEntry[] | null;
  chosen: string;
  onChoose(entry: DirectoryEntry): void;
}) {
  const { t } = useTranslator();
  const stateName = (state: string | null | undefined) =>
    (agentStateNames as readonly string[]).includes(state ?? '')
      ? t(`agentState.state.${state as AgentStateName}` as const)
      : (state ?? '');
  return (
    <ul id={props.id} className={props.className} aria-label={t('transfer.results')}>
      {props.entries?.map((entry) => (
        <li key={`${entry.kind}:${entry.name}`}>
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={props.chosen === entry.dial}
            data-dial={entry.dial}
            onClick={() => props.onChoose(entry)}
          >
            {entry.kind === 'agent'
              ? t('transfer.agentEntry', {
                  label: entry.label,
                  dial: entry.dial,
                  state: stateName(entry.state),
                })
              : t('transfer.queueEntry', { label: entry.label, dial: entry.dial })}
          </button>
        </li>
      ))}
      {props.entries !== null && props.entries.length === 0 && <li>{t('transfer.noResults')}</li>}
    </ul>
  );
}
