import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Cursor, type EntityManager, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';
import type { Dictionary } from '@mikro-orm/core';
import { isId } from '../db/ids';
import { DEFAULT_PAGE, MAX_PAGE } from './cost';
import { GraphQLRefusals } from './errors';

@ObjectType('PageInfo', { description: 'Where a page of a connection sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page: pass endCursor as `after` to read them.' })
  hasNextPage!: boolean;

  @Field({
    description:
      'Whether items precede this page. Paging is forward only (`first`/`after`), so this is true exactly when the page was read `after` a cursor.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The last edge's cursor, to pass as `after` for the next page; null for an empty page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for `node` (`<Name>Connection` with `<Name>Edge`). */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its position in the list.` })
  class EdgeType {
    @Field({ description: 'An opaque position: pass it as `after` to continue after this item.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (a Relay cursor connection).` })
  class ConnectionType {
    // Its cost is counted once, on the field that returns the connection (cost.ts: first × selection).
    @Field(() => [EdgeType], { description: 'The items of this page, in the list\'s order.', complexity: ({ childComplexity }) => childComplexity })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursors to get them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All items that match, across pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * Builds the list's filter, once per statement: paging runs two (rows, count), and a filter with
 * raw() fragments (EXISTS subqueries) may be used only once, as MikroORM keeps raw keys in a
 * use-once registry.
 */
export type Where<E> = () => FilterQuery<E>;

export interface PageOptions {
  /** An exact total cheaper than count(*) over the filter, e.g. a counter kept by ingest. */
  totalCount?: () => Promise<number>;
}

/** `first` checked against the limits of a list; `path` names the argument in the error. */
export function pageSize(first: number | null | undefined, fallback = DEFAULT_PAGE, max = MAX_PAGE, path = 'first'): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw GraphQLRefusals.invalid('PAGE_SIZE_OUT_OF_RANGE', [{ path: [path], message: `must be between 0 and ${max}` }]);
  }
  return size;
}

/**
 * Keyset paging: the cursor holds the order-by values of the last row (MikroORM's cursor
 * encoding), and the next page is every row that sorts after it; no offsets. `orderBy` must end
 * with a unique key (the id) to make the order total.
 *
 * What a client walking a list that changes meanwhile sees (the cursor is a position in the order,
 * not an offset, so rows inserted or moved elsewhere shift nothing):
 * - every row whose sort key stays the same during the walk appears exactly once, in order;
 * - a row inserted during the walk appears if it sorts after the cursor (newest-first: it sorts
 *   before, so it waits for the next walk);
 * - a row whose key changes (a signature's lastSeenAt or reportCount growing with a new report)
 *   is not shown again if it moves from after the cursor to before it (newest or biggest first),
 *   and is shown twice if it moves from before to after (oldest or smallest first);
 * - totalCount is counted for each page, so it may differ between pages.
 *
 * Nullable order keys are supported (PostgreSQL puts nulls last for ASC, first for DESC unless
 * the direction says NULLS LAST/FIRST), which MikroORM's findByCursor refuses.
 */
export async function paginate<E extends object>(
  em: EntityManager,
  entity: ClassType<E>,
  where: Where<E>,
  orderBy: QueryOrderMap<E>,
  { first, after }: PageArgs,
  options: PageOptions = {},
): Promise<ConnectionShape<E>> {
  const size = pageSize(first);
  const keys = sortKeys(em, entity, orderBy);
  const position = after ? afterCursor(keys, decodeCursor(keys, after)) : null;
  const rows = await em.find(entity, (position ? { $and: [where(), position] } : where()) as FilterQuery<E>, {
    orderBy,
    limit: size + 1,
  });
  const totalCount = options.totalCount ? await options.totalCount() : await em.count(entity, where());
  return toConnection(rows, size, orderBy, totalCount, position !== null);
}

/**
 * A connection of rows read in `orderBy` order, one more than `size` if there is a next page;
 * cursors compatible with paginate's, so a list first served by a batch loader pages on with it.
 */
export function toConnection<E extends object>(
  rows: E[],
  size: number,
  orderBy: QueryOrderMap<E>,
  totalCount: number,
  afterCursor = false,
): ConnectionShape<E> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node, orderBy), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: afterCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

export function encodeCursor<E extends object>(row: E, orderBy: QueryOrderMap<E>): string {
  return Cursor.encode(
    Object.keys(orderBy).map((key) => {
      const value: unknown = (row as Dictionary)[key];
      // A relation (by reference) sorts by its id.
      return value !== null && typeof value === 'object' && !(value instanceof Date) ? (value as { id: unknown }).id : (value ?? null);
    }),
  );
}

interface SortKey {
  prop: string;
  desc: boolean;
  /** Where nulls sort; null for a column that cannot hold null. */
  nulls: 'first' | 'last' | null;
  column: string;
}

function sortKeys<E extends object>(em: EntityManager, entity: ClassType<E>, orderBy: QueryOrderMap<E>): SortKey[] {
  const props = em.getMetadata().get(entity.name).properties as Dictionary<{ type: string; columnTypes?: string[]; nullable?: boolean }>;
  return Object.entries(orderBy as Dictionary).map(([prop, direction]) => {
    const text = String(direction).toLowerCase();
    const desc = text.startsWith('desc') || direction === -1;
    const nullsLast = text.endsWith('nulls last') || (!desc && !text.endsWith('nulls first'));
    const meta = props[prop];
    return {
      prop,
      desc,
      nulls: meta?.nullable ? (nullsLast ? 'last' : 'first') : null,
      column: meta?.columnTypes?.[0] ?? meta?.type ?? '',
    };
  });
}

/**
 * Rows after the cursor: strictly after on the first key, or equal on it and after on the rest.
 * The redundant `key <= value` (for DESC) lets PostgreSQL start an index scan at the cursor
 * instead of filtering from the top of the list.
 */
function afterCursor(keys: SortKey[], values: unknown[]): Dictionary {
  const [key, ...restKeys] = keys;
  const [value, ...restValues] = values;
  if (!key) return {};
  const beyond = key.desc ? '$lt' : '$gt';
  const branches: Dictionary[] = [];
  if (value === null) {
    if (key.nulls === 'first') branches.push({ [key.prop]: { $ne: null } });
  } else {
    branches.push({ [key.prop]: { [beyond]: value } });
    if (key.nulls === 'last') branches.push({ [key.prop]: null });
  }
  if (restKeys.length) branches.push({ [key.prop]: value, ...afterCursor(restKeys, restValues) });
  if (branches.length === 1) return branches[0]!;
  const bound = value !== null && key.nulls !== 'last' ? { [key.prop]: { [`${beyond}e`]: value } } : {};
  return { ...bound, $or: branches };
}

const badCursor = () => GraphQLRefusals.invalid('CURSOR_INVALID', [{ path: ['after'], message: 'not a cursor from this list' }]);

/**
 * A cursor is client input: it must decode to one value per order key, each of its column's kind
 * (null only where the column allows it), or it would reach PostgreSQL as a malformed uuid or timestamp.
 */
function decodeCursor(keys: SortKey[], after: string): unknown[] {
  let values: unknown;
  try {
    values = Cursor.decode(after);
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw badCursor();
  keys.forEach(({ column, nulls }, i) => {
    const value: unknown = values[i];
    const ok =
      value === null
        ? nulls !== null
        : column.startsWith('timestamp')
          ? value instanceof Date && !Number.isNaN(value.getTime())
          : column === 'uuid'
            ? typeof value === 'string' && isId(value)
            : column.startsWith('int')
              ? Number.isInteger(value)
              : typeof value === 'string';
    if (!ok) throw badCursor();
  });
  return values;
}
