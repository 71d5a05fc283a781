import { useState } from 'react';
import type { CombinedError } from 'urql';

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** A Relay connection's page as useKeptPages takes it: its nodes, in order, and where it ends. */
export const pageOf = <T,>(connection: { edges: readonly { node: T }[]; pageInfo: Page<T>['pageInfo'] }): Page<T> => ({
  nodes: connection.edges.map((e) => e.node),
  pageInfo: connection.pageInfo,
});

/**
 * "Load more" under a newest-first list whose first page comes with its parent (and changes as
 * things happen): what was loaded stays shown, after the current first page, each item once,
 * including items that the first page no longer holds because newer ones arrived.
 */
export function useKeptPages<T extends { id: string }>(first: Page<T>, fetchPage: (after: string) => Promise<{ page?: Page<T>; error?: CombinedError }>) {
  const [kept, setKept] = useState<T[]>([]);
  const [next, setNext] = useState<Page<T>['pageInfo'] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<CombinedError>();
  const items = [...first.nodes, ...kept.filter((k) => !first.nodes.some((n) => n.id === k.id))];
  const pageInfo = next ?? first.pageInfo;
  const loadMore = async () => {
    if (!pageInfo.endCursor) return;
    setLoading(true);
    const result = await fetchPage(pageInfo.endCursor);
    setLoading(false);
    setError(result.error);
    if (!result.page) return;
    const added = result.page.nodes.filter((n) => !items.some((i) => i.id === n.id));
    setKept([...items, ...added]);
    setNext(result.page.pageInfo);
  };
  return { items, hasMore: pageInfo.hasNextPage, loadMore, loading, error };
}
