import { Badge } from '@mantine/core';
import type { ConnectionState } from '../client';

const LOOK: Record<ConnectionState, { color: string; text: string }> = {
  connected: { color: 'teal', text: 'Live' },
  connecting: { color: 'gray', text: 'Connecting…' },
  reconnecting: { color: 'orange', text: 'Reconnecting…' },
  refused: { color: 'red', text: 'Signed out' },
  stopped: { color: 'red', text: 'Live updates stopped: reload the page' },
};

/** The subscription connection's state; it reconnects by itself (client.ts). */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { color, text } = LOOK[state];
  return (
    <Badge color={color} variant="dot" role="status" aria-live="polite" aria-label={`Connection: ${text}`} data-state={state}>
      {text}
    </Badge>
  );
}
