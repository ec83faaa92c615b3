/**
 * English: the source catalog. Every other language is typed against it (see `Catalog`).
 *
 * Keys are `area.thing`; `{name}` is a placeholder; an object with `one` / `other` (and whatever other CLDR
 * categories a language needs) is a plural message chosen by `{count}`.
 */
export const en = {
  'app.name': 'Tandem',
  'app.tagline': 'Contact center',

  'language.label': 'Language',

  'health.heading': 'Server',
  'health.status.unknown': 'Checking the server…',
  'health.status.healthy': 'Server healthy',
  'health.status.degraded': 'Server degraded',
  'health.status.unreachable': 'Server unreachable',
  'health.problem.timeout': 'The server did not answer in time.',
  'health.problem.network-error': 'The server cannot be reached from here.',
  'health.problem.unexpected-response': 'The server sent an answer that Tandem does not understand.',
  'health.version': 'Version {version}',
  'health.node': 'Node {node}',
  'health.uptime': 'Up for {duration}',
  'health.lastChecked': 'Last checked at {time}',
  'health.checkNow': 'Check now',

  'components.heading': 'Components',
  'components.count': { one: '{count} component', other: '{count} components' },
  'components.none': 'No components reported yet.',
  'components.unknown': 'Unknown while the server cannot be reached.',
  'components.status.ok': 'OK',
  'components.status.starting': 'Starting',
  'components.status.down': 'Down',
} as const;
