import type { Dictionary, EntityClass } from '@mikro-orm/core';
import type { EntityManager, QueryOrderMap } from '@mikro-orm/postgresql';

/**
 * Children of a parent in a list's order: the entity, the relation naming the parent (an index must
 * start with its column, followed by the order's), and the order paginate() uses for the same list,
 * so the first page a loader reads and the pages after it sort alike.
 */
export interface ChildRows<E extends object> {
  entity: EntityClass<E>;
  parent: keyof E & string;
  order: QueryOrderMap<E>;
}

/** An extra condition on the children: properties equal to values (the same object as an ORM filter). */
export type Equalities<E> = Partial<Record<keyof E & string, string | number>>;

/**
 * The first `limit` children of each parent, for a whole page of parents in one statement: a
 * LATERAL subquery per parent id, each an index range scan that stops after `limit` rows. A
 * row_number() window over the batch would give the same rows but read every child of every
 * parent first (all the reports of a signature that has a million). Rows are as stored (column
 * names); map them with `em.map`.
 */
export async function firstRowsPerParent<E extends object>(
  em: EntityManager,
  of: ChildRows<E>,
  parentIds: readonly string[],
  limit: number,
  equal: Equalities<E> = {},
): Promise<Map<string, Dictionary[]>> {
  const byParent = new Map<string, Dictionary[]>();
  if (parentIds.length === 0 || limit <= 0) return byParent;
  const meta = em.getMetadata().get(of.entity.name);
  const column = (prop: string) => meta.properties[prop as keyof typeof meta.properties]!.fieldNames[0]!;
  const parent = column(of.parent);
  const orderBy = Object.entries(of.order as Dictionary)
    .map(([prop, direction]) => `${column(prop)} ${String(direction).toUpperCase()}`)
    .join(', ');
  const conditions = Object.keys(equal).map((prop) => ` AND ${column(prop)} = ?`);
  // knex expands an array binding into a list: array[?] becomes array[$1, $2, …].
  const rows: Dictionary[] = await em.getConnection().execute(
    `SELECT c.* FROM unnest(array[?]::uuid[]) AS p(id)
       CROSS JOIN LATERAL (
         SELECT * FROM ${meta.tableName} WHERE ${parent} = p.id${conditions.join('')}
          ORDER BY ${orderBy} LIMIT ?) c`,
    [[...parentIds], ...Object.values(equal), limit],
  );
  for (const row of rows) {
    const parent = String(row[column(of.parent)]);
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
