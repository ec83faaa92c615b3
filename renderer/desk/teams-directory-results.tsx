import { useEffect, useState } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { teamsPresenceName, type TeamsDirectoryUser } from '../services/teams-directory.js';

/** How long typing pauses before the Teams directory is asked. */
const SEARCH_DELAY_MS = 250;

/**
 * Teams users matching what the agent typed in the transfer panel, each with their number and live Teams
 * presence; choosing one puts the number in the panel. Nothing is shown when the server has no Teams
 * directory, when the search is empty, or when the directory could not be asked (agents and numbers typed
 * in still work).
 */
export function TeamsDirectoryResults(props: {
  query: string;
  chosen: string;
  onChoose(dial: string): void;
}) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [users, setUsers] = useState<TeamsDirectoryUser[]>([]);
  const query = props.query.trim();

  useEffect(() => {
    const search = desk.searchTeamsDirectory;
    // A number (typed, or chosen from this list) is searched too: it shows whose number it is.
    if (!search || query === '') {
      setUsers([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      search(query).then(
        (found) => current && setUsers(found ?? []),
        () => current && setUsers([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [desk, query]);

  if (users.length === 0) return null;
  return (
    <ul
      className="transfer-form__results"
      aria-label={t('transfer.teams.heading')}
      data-testid="teams-directory"
    >
      {users.map((user) => {
        const dial = user.phoneNumbers[0]!;
        return (
          <li key={user.id}>
            <button
              type="button"
              className="button button--quiet"
              aria-pressed={props.chosen === dial}
              data-dial={dial}
              data-presence={teamsPresenceName(user.presence)}
              onClick={() => props.onChoose(dial)}
            >
              {t('transfer.teams.entry', {
                name: user.displayName,
                number: dial,
                presence: t(`transfer.teams.presence.${teamsPresenceName(user.presence)}` as const),
              })}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
