import { Alert, Code, List, Stack, Text } from '@mantine/core';
import type { CombinedError } from 'urql';

/** What a code means for the person at the console; the server's message follows it. */
const EXPLAINED: Record<string, string> = {
  UNAUTHENTICATED: 'Your access token was not accepted (revoked, or mistyped). Sign out and sign in again.',
  FORBIDDEN: 'Your role may not do this.',
  RATE_LIMITED: 'Too many requests in a short time: wait a moment and try again.',
  NOT_FOUND: 'It does not exist (any more).',
  BAD_USER_INPUT: 'The server refused the input.',
};

interface FieldProblem {
  path: (string | number)[];
  message: string;
}

const fieldsOf = (extensions: Record<string, unknown> | undefined): FieldProblem[] =>
  Array.isArray(extensions?.fields) ? (extensions.fields as FieldProblem[]).filter((f) => Array.isArray(f?.path) && typeof f.message === 'string') : [];

/**
 * An error in words with the server's `extensions.code` (and its reason), never a blank page. A
 * refused input lists each refused field, named by `describeField` when the form knows its words.
 */
export function ErrorNotice({
  error,
  title = 'Something went wrong',
  describeField = (path) => path.join('.'),
}: {
  error: CombinedError | Error;
  title?: string;
  describeField?: (path: (string | number)[]) => string;
}) {
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  const network = 'networkError' in error ? error.networkError : graphQLErrors.length ? undefined : error;
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap={4}>
        {graphQLErrors.map((e, i) => {
          const code = typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;
          const reason = typeof e.extensions?.reason === 'string' ? e.extensions.reason : undefined;
          const fields = fieldsOf(e.extensions);
          return (
            <Stack key={i} gap={2}>
              <Text size="sm">
                {code && <Code data-testid="error-code">{code}</Code>} {reason && reason !== code && <Code data-testid="error-reason">{reason}</Code>}{' '}
                {code && EXPLAINED[code] ? `${EXPLAINED[code]} ` : ''}
                {fields.length ? '' : e.message}
              </Text>
              {fields.length > 0 && (
                <List size="sm" data-testid="error-fields">
                  {fields.map((f, j) => (
                    <List.Item key={j}>
                      {describeField(f.path)}: {f.message}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          );
        })}
        {network && <Text size="sm">The server could not be reached: {network.message}</Text>}
      </Stack>
    </Alert>
  );
}
