// Turns the server's JSON log lines into short lines a person can read in a terminal; anything
// that is not a log line passes through unchanged.
const LEVEL_LABELS = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'pid', 'msg', 'module', 'node']);

export function formatLogLine(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.msg !== 'string') return line;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = LEVEL_LABELS[entry.level] ?? String(entry.level).toUpperCase();
  const module = entry.module ? `${entry.module}: ` : '';
  const extra = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${level} ${module}${entry.msg}${extra ? `  ${extra}` : ''}`;
}
