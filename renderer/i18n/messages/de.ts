import type { Catalog } from '../message-types.js';

export const de: Catalog = {
  'app.name': 'Tandem',
  'app.tagline': 'Contact Center',

  'language.label': 'Sprache',

  'health.heading': 'Server',
  'health.status.unknown': 'Server wird geprüft …',
  'health.status.healthy': 'Server in Ordnung',
  'health.status.degraded': 'Server eingeschränkt',
  'health.status.unreachable': 'Server nicht erreichbar',
  'health.problem.timeout': 'Der Server hat nicht rechtzeitig geantwortet.',
  'health.problem.network-error': 'Der Server ist von hier aus nicht erreichbar.',
  'health.problem.unexpected-response': 'Der Server hat eine Antwort gesendet, die Tandem nicht versteht.',
  'health.version': 'Version {version}',
  'health.node': 'Knoten {node}',
  'health.uptime': 'Läuft seit {duration}',
  'health.lastChecked': 'Zuletzt geprüft um {time}',
  'health.checkNow': 'Jetzt prüfen',

  'components.heading': 'Komponenten',
  'components.count': { one: '{count} Komponente', other: '{count} Komponenten' },
  'components.none': 'Noch keine Komponenten gemeldet.',
  'components.unknown': 'Unbekannt, solange der Server nicht erreichbar ist.',
  'components.status.ok': 'OK',
  'components.status.starting': 'Startet',
  'components.status.down': 'Ausgefallen',
};
