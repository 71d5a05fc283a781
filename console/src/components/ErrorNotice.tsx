import { Alert, Code, Stack, Text } from '@mantine/core';
import type { CombinedError } from 'urql';

/** What a code means for the person at the console; the server's message follows it. */
const EXPLAINED: Record<string, string> = {
  UNAUTHENTICATED: 'Your access token was not accepted (revoked, or mistyped). Sign out and sign in again.',
  FORBIDDEN: 'Your role may not do this.',
  RATE_LIMITED: 'Too many requests in a short time: wait a moment and try again.',
  NOT_FOUND: 'It does not exist (any more).',
  BAD_USER_INPUT: 'The server refused the input.',
};

/** An error in words with the server's `extensions.code`, never a blank page. */
export function ErrorNotice({ error, title = 'Something went wrong' }: { error: CombinedError | Error; title?: string }) {
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  const network = 'networkError' in error ? error.networkError : graphQLErrors.length ? undefined : error;
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap={4}>
        {graphQLErrors.map((e, i) => {
          const code = typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;
          return (
            <Text key={i} size="sm">
              {code && <Code data-testid="error-code">{code}</Code>} {code && EXPLAINED[code] ? `${EXPLAINED[code]} ` : ''}
              {e.message}
            </Text>
          );
        })}
        {network && <Text size="sm">The server could not be reached: {network.message}</Text>}
      </Stack>
    </Alert>
  );
}
