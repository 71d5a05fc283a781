import { Alert, Badge, Button, Card, Code, Group, PasswordInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError, type OperationResult } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Time } from '../components/Time';
import { graphql } from '../gql';
import type { AdminUsersQuery, GroupingRuleKind, UserRole } from '../gql/graphql';

const CreateUser = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      token
      user {
        id
        name
        role
      }
    }
  }
`);

const AdminVendors = graphql(`
  query AdminVendors {
    vendors {
      id
      name
      disabled
      webhookUrl
      webhookSecretSet
      createdAt
    }
  }
`);

const UpdateVendor = graphql(`
  mutation AdminUpdateVendor($id: ID!, $input: UpdateVendorInput!) {
    updateVendor(id: $id, input: $input) {
      id
      name
      disabled
      webhookUrl
      webhookSecretSet
    }
  }
`);

const Users = graphql(`
  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          email
          role
          createdAt
          revokedAt
        }
      }
    }
  }
`);

const RevokeUser = graphql(`
  mutation AdminRevokeUser($id: ID!) {
    revokeUser(id: $id) {
      id
      revokedAt
    }
  }
`);

const CreateVendor = graphql(`
  mutation AdminCreateVendor($name: String!) {
    createVendor(input: { name: $name }) {
      id
      name
      disabled
      webhookUrl
      createdAt
    }
  }
`);

const VendorUsers = graphql(`
  query AdminVendorUsers($vendorId: ID!) {
    vendorUsers(vendorId: $vendorId) {
      id
      name
      email
      disabled
      createdAt
    }
  }
`);

const CreateVendorUser = graphql(`
  mutation AdminCreateVendorUser($vendorId: ID!, $input: CreateVendorUserInput!) {
    createVendorUser(vendorId: $vendorId, input: $input) {
      token
      user {
        id
        name
        email
        disabled
        createdAt
      }
    }
  }
`);

const RotateToken = graphql(`
  mutation AdminRotateVendorUserToken($id: ID!) {
    rotateVendorUserToken(id: $id) {
      token
      user {
        id
      }
    }
  }
`);

const DisableVendorUser = graphql(`
  mutation AdminDisableVendorUser($id: ID!) {
    disableVendorUser(id: $id) {
      id
      disabled
    }
  }
`);

const GroupingRules = graphql(`
  query AdminGroupingRules {
    groupingRules {
      id
      kind
      applicationName
      errorCode
      framePattern
      description
      enabled
      createdAt
    }
  }
`);

const CreateGroupingRule = graphql(`
  mutation AdminCreateGroupingRule($input: CreateGroupingRuleInput!) {
    createGroupingRule(input: $input) {
      id
    }
  }
`);

const SetRuleEnabled = graphql(`
  mutation AdminSetGroupingRuleEnabled($id: ID!, $enabled: Boolean!) {
    setGroupingRuleEnabled(id: $id, enabled: $enabled) {
      id
      enabled
    }
  }
`);

const Deliveries = graphql(`
  query AdminDeliveries {
    outboxSummary {
      pending
      retrying
      dead
      done
    }
    webhookDeliveries(first: 20) {
      totalCount
      edges {
        node {
          id
          channel
          eventType
          url
          status
          attempts
          lastStatusCode
          lastError
          createdAt
        }
      }
    }
  }
`);

/** Admin: people and their tokens (shown once), vendors and their users, grouping rules, the delivery log. */
export function Admin() {
  // A new user remounts the list, so it starts again from the newest.
  const [usersVersion, setUsersVersion] = useState(0);
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack>
          <NewUser onCreated={() => setUsersVersion((n) => n + 1)} />
          <UsersCard key={usersVersion} />
        </Stack>
        <VendorsCard />
      </SimpleGrid>
      <RulesCard />
      <DeliveriesCard />
    </Stack>
  );
}

function TokenOnce({ who, token }: { who: string; token: string }) {
  return (
    <Alert color="teal" title={`Token for ${who}, shown only now`} mt="sm">
      <Code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
        {token}
      </Code>
    </Alert>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const [{ data, error, fetching }, create] = useMutation(CreateUser);
  const [form, setForm] = useState({ name: '', email: '', role: 'TECHNICIAN' as UserRole });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await create({ input: form })).data) {
      setForm({ name: '', email: '', role: 'TECHNICIAN' });
      onCreated();
    }
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="New staff user">
      <Title order={3} size="h5" mb="xs">
        Staff users
      </Title>
      <Group align="end" wrap="wrap">
        <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextInput label="E-mail" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
        <Select label="Role" data={['TECHNICIAN', 'ADMIN']} value={form.role} onChange={(v) => v && setForm({ ...form, role: v as UserRole })} allowDeselect={false} w={150} />
        <Button type="submit" loading={fetching}>
          Create user
        </Button>
      </Group>
      {data && <TokenOnce who={data.createUser.user.name} token={data.createUser.token} />}
      {error && <ErrorNotice error={error} title="Not created" />}
    </Card>
  );
}

const USER_PAGE = 20;
const USER_VIEWS: Record<string, { label: string; roles: UserRole[] }> = {
  staff: { label: 'Staff', roles: ['ADMIN', 'TECHNICIAN'] },
  vendors: { label: "Vendors' users", roles: ['VENDOR'] },
  all: { label: 'Everyone', roles: [] },
};

/** Who may sign in: newest first, a page at a time ("Load more" keeps what is shown), revoked ones marked. */
function UsersCard() {
  const [view, setView] = useState('staff');
  const [after, setAfter] = useState<string | null>(null);
  const filter = useMemo(() => (USER_VIEWS[view]!.roles.length ? { roles: USER_VIEWS[view]!.roles } : {}), [view]);
  const [{ data, error, fetching }] = useQuery({ query: Users, variables: { filter, first: USER_PAGE, after }, requestPolicy: 'cache-and-network' });
  const [pages, setPages] = useState<UserRow[]>([]);
  const [revoking, revoke] = useMutation(RevokeUser);
  const [confirm, setConfirm] = useState<string | null>(null);
  useEffect(() => {
    const rows = data?.users.edges.map((e) => e.node);
    if (rows) setPages((shown) => (after ? [...shown, ...rows.filter((r) => !shown.some((s) => s.id === r.id))] : rows));
  }, [data, after]);
  const connection = data?.users;
  return (
    <Card withBorder component="section" aria-label="Users">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Users{connection ? ` (${connection.totalCount})` : ''}
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Which users"
          data={Object.entries(USER_VIEWS).map(([value, v]) => ({ value, label: v.label }))}
          value={view}
          onChange={(v) => {
            setView(v);
            setAfter(null);
          }}
        />
      </Group>
      {error && <ErrorNotice error={error} title="Could not load users" />}
      {revoking.error && <ErrorNotice error={revoking.error} title="Not revoked" />}
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label="Users" data-testid="user-list" verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pages.map((u) => (
              <Table.Tr key={u.id} data-testid="user-row">
                <Table.Td>{u.name}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{u.email}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light">
                    {u.role}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Time iso={u.createdAt} />
                </Table.Td>
                <Table.Td>
                  {u.revokedAt ? (
                    <Badge color="gray" size="sm">
                      revoked
                    </Badge>
                  ) : confirm === u.id ? (
                    <Button size="compact-xs" color="red" loading={revoking.fetching} onClick={async () => {
                        const revokedAt = (await revoke({ id: u.id })).data?.revokeUser.revokedAt;
                        if (!revokedAt) return;
                        setPages((shown) => shown.map((s) => (s.id === u.id ? { ...s, revokedAt } : s)));
                        setConfirm(null);
                      }}
                    >
                      Revoke {u.name}
                    </Button>
                  ) : (
                    <Button size="compact-xs" variant="light" color="red" onClick={() => setConfirm(u.id)} aria-label={`Revoke ${u.name}…`}>
                      Revoke…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {fetching && !pages.length && <Text c="dimmed">Loading…</Text>}
      {connection?.pageInfo.hasNextPage && (
        <Button size="xs" variant="default" mt="xs" loading={fetching} onClick={() => setAfter(connection.pageInfo.endCursor ?? null)}>
          Load more users
        </Button>
      )}
    </Card>
  );
}

type UserRow = AdminUsersQuery['users']['edges'][number]['node'];

function VendorsCard() {
  const [{ data, error }, refetch] = useQuery({ query: AdminVendors });
  const [creating, createVendor] = useMutation(CreateVendor);
  const [name, setName] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Vendors
      </Title>
      <Group
        align="end"
        component="form"
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          if ((await createVendor({ name })).data) {
            setName('');
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <TextInput label="New vendor" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button type="submit" loading={creating.fetching}>
          Add vendor
        </Button>
      </Group>
      {(error ?? creating.error) && <ErrorNotice error={(error ?? creating.error)!} />}
      <Stack gap={4} mt="sm">
        {data?.vendors.map((v) => (
          <div key={v.id}>
            <Group gap="xs">
              <Button variant="subtle" size="compact-sm" onClick={() => setOpen(open === v.id ? null : v.id)} aria-expanded={open === v.id}>
                {v.name}
              </Button>
              {v.disabled && <Badge color="red">disabled</Badge>}
              {v.webhookUrl && (
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  webhook {v.webhookUrl}
                  {v.webhookSecretSet ? ' (signed)' : ' (no secret: nothing is sent)'}
                </Text>
              )}
            </Group>
            {open === v.id && (
              <>
                <VendorEditor vendor={v} />
                <VendorUsersList vendorId={v.id} />
              </>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}

/** Rename, webhook (URL and secret; the secret is never shown back) and disable, in one change. */
function VendorEditor({ vendor }: { vendor: { id: string; name: string; disabled: boolean; webhookUrl?: string | null; webhookSecretSet: boolean } }) {
  const [state, update] = useMutation(UpdateVendor);
  const [form, setForm] = useState({ name: vendor.name, webhookUrl: vendor.webhookUrl ?? '', webhookSecret: '' });
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = {
      name: form.name,
      webhookUrl: form.webhookUrl.trim() || null,
      // An empty secret field keeps the secret; clearing the URL removes both.
      ...(form.webhookSecret ? { webhookSecret: form.webhookSecret } : form.webhookUrl.trim() ? {} : { webhookSecret: null }),
    };
    if (!(await update({ id: vendor.id, input })).error) {
      setForm({ ...form, webhookSecret: '' });
      setSaved(true);
    }
  };
  return (
    <Stack gap={4} pl="md" pb="xs" component="form" onSubmit={submit} aria-label={`Vendor ${vendor.name}`}>
      <Group align="end" wrap="wrap">
        <TextInput size="xs" label="Vendor name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextInput size="xs" label="Vendor webhook URL" placeholder="https://…" value={form.webhookUrl} onChange={(e) => setForm({ ...form, webhookUrl: e.currentTarget.value })} miw={220} />
        <PasswordInput
          size="xs"
          label="Vendor webhook secret"
          placeholder={vendor.webhookSecretSet ? 'set; leave empty to keep it' : '16 characters or more'}
          value={form.webhookSecret}
          onChange={(e) => setForm({ ...form, webhookSecret: e.currentTarget.value })}
          miw={200}
        />
        <Button size="xs" type="submit" loading={state.fetching}>
          Save vendor
        </Button>
        <Switch
          label="Disabled"
          aria-label={`Vendor ${vendor.name} disabled`}
          checked={vendor.disabled}
          disabled={state.fetching}
          onChange={(e) => void update({ id: vendor.id, input: { disabled: e.currentTarget.checked } })}
          mb={4}
        />
      </Group>
      {saved && (
        <Text size="xs" c="teal" role="status">
          Saved.
        </Text>
      )}
      {state.error && <ErrorNotice error={state.error} title="Vendor not changed" />}
    </Stack>
  );
}

function VendorUsersList({ vendorId }: { vendorId: string }) {
  const [{ data, error }, refetch] = useQuery({ query: VendorUsers, variables: { vendorId } });
  const [creating, create] = useMutation(CreateVendorUser);
  const [rotating, rotate] = useMutation(RotateToken);
  const [disabling, disable] = useMutation(DisableVendorUser);
  const [form, setForm] = useState({ name: '', email: '' });
  // The token issued last, with whose it is: a new token for one user must never show as another's.
  const [issued, setIssued] = useState<{ who: string; token: string } | null>(null);
  const [failed, setFailed] = useState<{ title: string; error: CombinedError } | null>(null);
  // A token stays shown until another is issued: disabling someone else must not hide the one just made.
  const act = async <T,>(title: string, run: () => Promise<OperationResult<T>>, issues = false) => {
    if (issues) setIssued(null);
    setFailed(null);
    const result = await run();
    if (result.error) setFailed({ title, error: result.error });
    return result.data;
  };
  return (
    <Stack gap={4} pl="md" pb="sm">
      {error && <ErrorNotice error={error} />}
      {data?.vendorUsers.map((u) => (
        <Group key={u.id} gap="xs">
          <Text size="sm">
            {u.name} &lt;{u.email}&gt;
          </Text>
          {u.disabled ? (
            <Badge color="gray">disabled</Badge>
          ) : (
            <>
              <Button
                size="compact-xs"
                variant="default"
                loading={rotating.fetching && rotating.operation?.variables.id === u.id}
                onClick={async () => {
                  const rotated = await act('Token not changed', () => rotate({ id: u.id }), true);
                  if (rotated) setIssued({ who: `${u.name} <${u.email}>`, token: rotated.rotateVendorUserToken.token });
                }}
              >
                New token
              </Button>
              <Button
                size="compact-xs"
                variant="light"
                color="red"
                loading={disabling.fetching && disabling.operation?.variables.id === u.id}
                onClick={() => void act('User not disabled', () => disable({ id: u.id }))}
              >
                Disable
              </Button>
            </>
          )}
        </Group>
      ))}
      <Group
        align="end"
        component="form"
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          const created = await act('User not added', () => create({ vendorId, input: form }), true);
          if (created) {
            setIssued({ who: `${created.createVendorUser.user.name} <${created.createVendorUser.user.email}>`, token: created.createVendorUser.token });
            setForm({ name: '', email: '' });
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <TextInput size="xs" label="User's name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextInput size="xs" label="User's e-mail" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
        <Button size="xs" type="submit" loading={creating.fetching}>
          Add user
        </Button>
      </Group>
      {issued && <TokenOnce who={issued.who} token={issued.token} />}
      {failed && <ErrorNotice error={failed.error} title={failed.title} />}
    </Stack>
  );
}

function RulesCard() {
  const [{ data, error }, refetch] = useQuery({ query: GroupingRules });
  const [creating, create] = useMutation(CreateGroupingRule);
  const [enabling, setEnabled] = useMutation(SetRuleEnabled);
  const [form, setForm] = useState({ kind: 'IGNORE_FRAMES' as GroupingRuleKind, applicationName: '', errorCode: '', framePattern: '', description: '' });
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Grouping rules (apply to reports received from now on)
      </Title>
      {error && <ErrorNotice error={error} />}
      <Table.ScrollContainer minWidth={600}>
        <Table>
          <Table.Tbody>
            {data?.groupingRules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.kind}</Table.Td>
                <Table.Td>{r.applicationName ?? 'any application'}</Table.Td>
                <Table.Td>
                  <Code>{r.framePattern ?? r.errorCode}</Code>
                </Table.Td>
                <Table.Td>{r.description}</Table.Td>
                <Table.Td>
                  <Switch aria-label={`Rule ${r.description} enabled`} checked={r.enabled} disabled={enabling.fetching} onChange={(e) => void setEnabled({ id: r.id, enabled: e.currentTarget.checked })} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group
        align="end"
        wrap="wrap"
        component="form"
        mt="sm"
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          const input = {
            kind: form.kind,
            description: form.description,
            applicationName: form.applicationName || null,
            ...(form.kind === 'IGNORE_FRAMES' ? { framePattern: form.framePattern } : { errorCode: form.errorCode }),
          };
          if ((await create({ input })).data) {
            setForm({ ...form, framePattern: '', errorCode: '', description: '' });
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <Select label="Rule" data={['IGNORE_FRAMES', 'GROUP_TOGETHER']} value={form.kind} onChange={(v) => v && setForm({ ...form, kind: v as GroupingRuleKind })} allowDeselect={false} w={170} />
        <TextInput label="Rule's application" placeholder="any" value={form.applicationName} onChange={(e) => setForm({ ...form, applicationName: e.currentTarget.value })} />
        {form.kind === 'IGNORE_FRAMES' ? (
          <TextInput label="Frame pattern" required placeholder="com.example.util.*" value={form.framePattern} onChange={(e) => setForm({ ...form, framePattern: e.currentTarget.value })} />
        ) : (
          <TextInput label="Rule's error code" required value={form.errorCode} onChange={(e) => setForm({ ...form, errorCode: e.currentTarget.value })} />
        )}
        <TextInput label="Why" required value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} style={{ flex: 1 }} miw={200} />
        <Button type="submit" loading={creating.fetching}>
          Add rule
        </Button>
      </Group>
      {creating.error && <ErrorNotice error={creating.error} title="Not added" />}
      {enabling.error && <ErrorNotice error={enabling.error} title="Rule not switched" />}
    </Card>
  );
}

function DeliveriesCard() {
  const [{ data, error }, refetch] = useQuery({ query: Deliveries });
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Outbox and deliveries
        </Title>
        <Button size="xs" variant="default" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Refresh
        </Button>
      </Group>
      {error && <ErrorNotice error={error} />}
      {data && (
        <>
          <Text size="sm" mb="xs">
            Outbox: {data.outboxSummary.pending} pending, {data.outboxSummary.retrying} retrying, {data.outboxSummary.dead} dead, {data.outboxSummary.done} done.
          </Text>
          <Table.ScrollContainer minWidth={700}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.webhookDeliveries.edges.map(({ node: d }) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Time iso={d.createdAt} />
                    </Table.Td>
                    <Table.Td>{d.eventType}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      {d.channel} {d.url}
                    </Table.Td>
                    <Table.Td>{d.status}</Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.lastStatusCode ?? d.lastError ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {!data.webhookDeliveries.edges.length && (
            <Text c="dimmed" size="sm">
              Nothing was delivered yet.
            </Text>
          )}
        </>
      )}
    </Card>
  );
}
