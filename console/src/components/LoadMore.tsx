import { Button } from '@mantine/core';
import type { CombinedError } from 'urql';
import { ErrorNotice } from './ErrorNotice';

/** The button under a list useKeptPages pages ("Load more <what>"), and why the last page did not come. */
export function LoadMore({ what, pages, mt, m }: { what: string; pages: { hasMore: boolean; loading: boolean; loadMore: () => Promise<void>; error?: CombinedError }; mt?: string; m?: string }) {
  return (
    <>
      {pages.hasMore && (
        <Button size="xs" variant="default" mt={mt} m={m} loading={pages.loading} onClick={() => void pages.loadMore()}>
          Load more {what}
        </Button>
      )}
      {pages.error && <ErrorNotice error={pages.error} title={`Could not load more ${what}`} />}
    </>
  );
}
