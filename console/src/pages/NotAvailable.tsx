import { Stack, Text, Title } from '@mantine/core';

/** Shown instead of a screen the caller's role may not use: the screen is never mounted, so none of its data is asked for. */
export function NotAvailable() {
  return (
    <Stack data-testid="not-available">
      <Title order={2}>Not available</Title>
      <Text>This page is not available to your role.</Text>
    </Stack>
  );
}

export function NotFound() {
  return (
    <Stack>
      <Title order={2}>Not found</Title>
      <Text>There is no page at this address.</Text>
    </Stack>
  );
}
