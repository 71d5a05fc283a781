import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Cursor, type EntityManager, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';
import { isId } from '../db/ids';
import { DomainError, ErrorCode } from './errors';

@ObjectType('PageInfo')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
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
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All nodes that match, across pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * Keyset paging (MikroORM's cursor: the order-by values of the last row, not an offset), so a page
 * does not skip or repeat rows when rows are inserted before it. `orderBy` must end with a unique
 * key (the id) to make the order total.
 */
export async function paginate<E extends object>(
  em: EntityManager,
  entity: ClassType<E>,
  where: FilterQuery<E>,
  orderBy: QueryOrderMap<E>,
  { first, after }: PageArgs,
): Promise<ConnectionShape<E>> {
  const size = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `first must be between 0 and ${MAX_PAGE}.`, {
      fields: [{ path: ['first'], message: `must be between 0 and ${MAX_PAGE}` }],
    });
  }
  if (after) checkCursor(em, entity, orderBy, after);
  const cursor = await em.findByCursor(entity, where, {
    first: size,
    after: after ?? undefined,
    orderBy,
    includeCount: true,
  } as never);
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    pageInfo: { hasNextPage: cursor.hasNextPage ?? false, endCursor: cursor.endCursor },
    totalCount: cursor.totalCount ?? 0,
  };
}

const badCursor = () =>
  new DomainError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor from this list.', {
    fields: [{ path: ['after'], message: 'not a valid cursor' }],
  });

/**
 * A cursor is client input: it must decode to one value per order key, each of its column's kind,
 * or it would reach PostgreSQL as a malformed uuid or timestamp.
 */
function checkCursor<E extends object>(em: EntityManager, entity: ClassType<E>, orderBy: QueryOrderMap<E>, after: string) {
  let values: unknown;
  try {
    values = Cursor.decode(after);
  } catch {
    throw badCursor();
  }
  const props = em.getMetadata().get(entity.name).properties as Record<string, { type: string; columnTypes?: string[] }>;
  const keys = Object.keys(orderBy);
  if (!Array.isArray(values) || values.length !== keys.length) throw badCursor();
  keys.forEach((key, i) => {
    const column = props[key]?.columnTypes?.[0] ?? props[key]?.type ?? '';
    const value: unknown = values[i];
    const ok = column.startsWith('timestamp')
      ? value instanceof Date && !Number.isNaN(value.getTime())
      : column === 'uuid'
        ? typeof value === 'string' && isId(value)
        : column.startsWith('int')
          ? Number.isInteger(value)
          : typeof value === 'string';
    if (!ok) throw badCursor();
  });
}
