import { AppShell, Burger, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Navigate, NavLink as RouterLink, Route, Routes, useLocation } from 'react-router';
import { Provider, useQuery, type Client } from 'urql';
import { createConsoleClient, type ConnectionState } from './client';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { ErrorNotice } from './components/ErrorNotice';
import { graphql } from './gql';
import type { UserRole } from './gql/graphql';
import { NotAvailable, NotFound } from './pages/NotAvailable';
import { SignIn } from './pages/SignIn';
import { ADMIN, EVERYONE, homeOf, SCREENS, STAFF } from './roles';
import { signOut, useToken } from './session';

/**
 * Each screen is its own chunk, loaded when first opened, so the first load carries only the shell
 * and sign-in; ECharts comes with the screens that draw charts.
 */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
const Live = screen(() => import('./pages/Live'), 'Live');
const Signatures = screen(() => import('./pages/Signatures'), 'Signatures');
const SignatureDetail = screen(() => import('./pages/SignatureDetail'), 'SignatureDetail');
const Tickets = screen(() => import('./pages/Tickets'), 'Tickets');
const TicketDetail = screen(() => import('./pages/Tickets'), 'TicketDetail');
const Resolutions = screen(() => import('./pages/Resolutions'), 'Resolutions');
const ResolutionDetail = screen(() => import('./pages/Resolutions'), 'ResolutionDetail');
const Devices = screen(() => import('./pages/Devices'), 'Devices');
const DeviceDetail = screen(() => import('./pages/Devices'), 'DeviceDetail');
const Admin = screen(() => import('./pages/Admin'), 'Admin');
const Alerts = screen(() => import('./pages/Alerts'), 'Alerts');
const Dashboard = screen(() => import('./pages/Dashboard'), 'Dashboard');

const Me = graphql(`
  query Me {
    me {
      id
      name
      email
      role
    }
  }
`);

export function App() {
  const token = useToken();
  const [problem, setProblem] = useState<string>();
  if (!token) return <SignIn problem={problem} />;
  return <Session key={token} token={token} onRejected={setProblem} />;
}

/** Said whether the HTTP query or the live connection is the first to learn of it. */
const REFUSED = 'That access token was not accepted (UNAUTHENTICATED).';

/** Everything a signed-in person sees, on a client (HTTP + WebSocket) of their token's own. */
function Session({ token, onRejected }: { token: string; onRejected: (problem: string) => void }) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [client, setClient] = useState<Client | null>(null);
  useEffect(() => {
    // A disposed client's last "closed" must not overwrite the state of the one that replaced it.
    let current = true;
    const { client, ws } = createConsoleClient(token, (next) => current && setState(next));
    setClient(client);
    return () => {
      current = false;
      void ws.dispose();
    };
  }, [token]);
  useEffect(() => {
    if (state !== 'refused') return;
    onRejected(REFUSED);
    signOut();
  }, [state, onRejected]);
  if (!client) return null;
  return (
    <Provider value={client}>
      <Shell state={state} onRejected={onRejected} />
    </Provider>
  );
}

function Shell({ state, onRejected }: { state: ConnectionState; onRejected: (problem: string) => void }) {
  const [{ data, error, fetching }] = useQuery({ query: Me, requestPolicy: 'network-only' });
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  useEffect(close, [location.pathname, close]);
  const rejected = error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  useEffect(() => {
    if (rejected) {
      onRejected(REFUSED);
      signOut();
    }
  }, [rejected, onRejected]);
  if (fetching && !data) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!data) {
    return (
      <Center mih="100vh" p="md">
        <Stack>
          {error && <ErrorNotice error={error} title="Could not load your account" />}
          <Button onClick={signOut}>Sign out</Button>
        </Stack>
      </Center>
    );
  }
  const { me } = data;
  const guard = (roles: readonly UserRole[], screen: ReactNode) => (roles.includes(me.role) ? screen : <NotAvailable />);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              faultbase
            </Title>
            <ConnectionIndicator state={state} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="who">
              {me.name} · {me.role.toLowerCase()}
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {SCREENS.filter((s) => s.roles.includes(me.role)).map((s) => (
          <NavLink key={s.path} component={RouterLink} to={s.path} label={s.label} active={location.pathname.startsWith(s.path)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Routes>
            <Route path="/" element={<Navigate to={homeOf(me.role)} replace />} />
            <Route path="/live" element={guard(STAFF, <Live />)} />
            <Route path="/signatures" element={guard(STAFF, <Signatures />)} />
            <Route path="/signatures/:id" element={guard(STAFF, <SignatureDetail />)} />
            <Route path="/tickets" element={guard(EVERYONE, <Tickets />)} />
            <Route path="/tickets/:id" element={guard(EVERYONE, <TicketDetail />)} />
            <Route path="/resolutions" element={guard(STAFF, <Resolutions />)} />
            <Route path="/resolutions/:id" element={guard(STAFF, <ResolutionDetail />)} />
            <Route path="/devices" element={guard(STAFF, <Devices />)} />
            <Route path="/devices/:id" element={guard(STAFF, <DeviceDetail />)} />
            <Route path="/admin" element={guard(ADMIN, <Admin />)} />
            <Route path="/alerts" element={guard(STAFF, <Alerts />)} />
            <Route path="/dashboard" element={guard(STAFF, <Dashboard />)} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
