import { VisuallyHidden } from '@mantine/core';
import { LIST_KEYS_HINT } from './useListKeys';

export const LIST_KEYS_HINT_ID = 'list-keys-hint';

/** How to move through the list by keyboard, for the list's aria-describedby. */
export function ListKeysHint() {
  return <VisuallyHidden id={LIST_KEYS_HINT_ID}>{LIST_KEYS_HINT}</VisuallyHidden>;
}
