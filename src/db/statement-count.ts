import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * Counts the SQL statements one request runs, to prove list queries N+1-free over real HTTP
 * (FAULTBASE_EXPOSE_SQL_COUNT). The count follows the request's async context, so concurrent
 * requests never mix: both paths to the database report here (the ORM through knex's `query`
 * event, SqlPool itself), each statement once, BEGIN and COMMIT included.
 */
export interface StatementCount {
  statements: number;
  /** Rows that came back to the process (what a piece of work held in memory, at most). */
  rows?: number;
}

const current = new AsyncLocalStorage<StatementCount>();

/** Runs `fn` (and everything it starts) with a statement count: a new one, or `count` to go on with. */
export function withStatementCount<T>(fn: () => T, count: StatementCount = { statements: 0 }): T {
  return current.run(count, fn);
}

/** The statements run so far in the current count; undefined outside one. */
export function statementsSoFar(): number | undefined {
  return current.getStore()?.statements;
}

/** Called for every statement sent; a no-op outside a count. */
export function countStatement(): void {
  const store = current.getStore();
  if (store) store.statements += 1;
}

/** Called with the rows every statement returned; a no-op outside a count. */
export function countRows(rows: number): void {
  const store = current.getStore();
  if (store) store.rows = (store.rows ?? 0) + rows;
}

/** Every statement the ORM sends goes through knex, which announces it with a `query` event (and its rows with `query-response`). */
export function countOrmStatements(knex: Knex): void {
  knex.on('query', countStatement);
  knex.on('query-response', (response: unknown) => {
    const rows = Array.isArray(response) ? response : (response as { rows?: unknown[] } | null)?.rows;
    if (Array.isArray(rows)) countRows(rows.length);
  });
}
