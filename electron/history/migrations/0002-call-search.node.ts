/**
 * Full-text search over numbers, names, notes and dispositions (FTS5). Contentless, so the text is
 * not stored twice; rows are kept in step with `calls` by triggers, deletable thanks to
 * `contentless_delete`. Numbers are indexed as digits, also without a 1- to 3-digit country code, so
 * that "5550100" finds +15550100; prefix indexes make search-as-you-type cheap from the first key.
 */
import type { HistoryMigration } from './history-migration-types.std.js';

const DIGITS = (column: string) =>
  `replace(replace(replace(replace(replace(replace(${column}, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;
const NUMBER_FORMS = (column: string) =>
  `(${DIGITS(column)} || ' ' || substr(${DIGITS(column)}, 2) || ' ' || substr(${DIGITS(column)}, 3) || ' ' || substr(${DIGITS(column)}, 4))`;
const ROW = (
  alias: string,
) => `${alias}.seq, ${NUMBER_FORMS(`${alias}.from_number`)} || ' ' || ${NUMBER_FORMS(`${alias}.to_number`)},
  coalesce(${alias}.queue_name, '') || ' ' || coalesce(${alias}.agent_name, ''), coalesce(${alias}.note, ''), coalesce(${alias}.disposition, '')`;

export const callSearch: HistoryMigration = {
  version: 2,
  name: 'call search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE call_search USING fts5 (
        numbers, names, note, disposition,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      CREATE TRIGGER call_search_insert AFTER INSERT ON calls BEGIN
        INSERT INTO call_search (rowid, numbers, names, note, disposition) VALUES (${ROW('new')});
      END;
      CREATE TRIGGER call_search_update AFTER UPDATE OF from_number, to_number, queue_name, agent_name, note, disposition ON calls BEGIN
        DELETE FROM call_search WHERE rowid = old.seq;
        INSERT INTO call_search (rowid, numbers, names, note, disposition) VALUES (${ROW('new')});
      END;
      CREATE TRIGGER call_search_delete AFTER DELETE ON calls BEGIN
        DELETE FROM call_search WHERE rowid = old.seq;
      END;
      INSERT INTO call_search (rowid, numbers, names, note, disposition) SELECT ${ROW('c')} FROM calls c;
    `);
  },
};
