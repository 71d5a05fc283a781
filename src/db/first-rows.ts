import type { Dictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Children of a parent, newest first; identifiers are ours (never input). */
export interface ChildRows {
  table: string;
  /** The column naming the parent; an index must start with it, followed by the order columns. */
  parent: string;
  orderBy: string;
}

/** An extra condition on the children, with `?` placeholders. */
export interface RowCondition {
  sql: string;
  params: unknown[];
}

/**
 * The first `limit` children of each parent, for a whole page of parents in one statement: a
 * LATERAL subquery per parent id, each an index range scan that stops after `limit` rows. A
 * row_number() window over the batch would give the same rows but read every child of every
 * parent first (all the reports of a signature that has a million). Rows are as stored (column
 * names); map them with `em.map`.
 */
export async function firstRowsPerParent(
  em: EntityManager,
  of: ChildRows,
  parentIds: readonly string[],
  limit: number,
  condition?: RowCondition,
): Promise<Map<string, Dictionary[]>> {
  const byParent = new Map<string, Dictionary[]>();
  if (parentIds.length === 0 || limit <= 0) return byParent;
  // knex expands an array binding into a list: array[?] becomes array[$1, $2, …].
  const rows: Dictionary[] = await em.getConnection().execute(
    `SELECT c.* FROM unnest(array[?]::uuid[]) AS p(id)
       CROSS JOIN LATERAL (
         SELECT * FROM ${of.table} WHERE ${of.parent} = p.id ${condition ? `AND ${condition.sql}` : ''}
          ORDER BY ${of.orderBy} LIMIT ?) c`,
    [[...parentIds], ...(condition?.params ?? []), limit],
  );
  for (const row of rows) {
    const parent = String(row[of.parent]);
    const list = byParent.get(parent) ?? [];
    list.push(row);
    byParent.set(parent, list);
  }
  return byParent;
}

/** Groups `items` by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}
