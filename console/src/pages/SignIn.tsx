import { Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { signIn } from '../session';

/** Sign-in with an access token (an admin, technician or vendor user's); nothing is checked here: the session's `me` query does. */
export function SignIn({ problem }: { problem?: string }) {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) signIn(token.trim());
  };
  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={submit} withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h2">
            faultbase
          </Title>
          <Text c="dimmed" size="sm">
            Sign in with the access token you were given.
          </Text>
          {problem && (
            <Text c="red" size="sm" role="alert">
              {problem}
            </Text>
          )}
          <PasswordInput label="Access token" value={token} onChange={(e) => setToken(e.currentTarget.value)} autoFocus required autoComplete="off" />
          <Button type="submit">Sign in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
