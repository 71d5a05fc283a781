import { Alert, Anchor, Badge, Button, Card, Code, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useAddressParams } from '../components/useAddressParams';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Time } from '../components/Time';
import { plural } from '../format';
import { graphql } from '../gql';
import type { DeviceStatus, ReportingPolicyInput, Severity } from '../gql/graphql';
import { ListKeysHint, LIST_KEYS_HINT_ID } from '../components/ListKeysHint';
import { useListKeys } from '../components/useListKeys';

const DeviceList = graphql(`
  query DeviceList($filter: DeviceFilter, $first: Int, $after: String) {
    devices(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          serialNumber
          manufacturer
          model
          firmwareVersion
          status
          lastSeenAt
        }
      }
    }
  }
`);

const DeviceDetailQuery = graphql(`
  query DeviceDetail($id: ID!) {
    device(id: $id) {
      id
      serialNumber
      manufacturer
      model
      firmwareVersion
      subscriberId
      status
      lastSeenAt
      lastCheckInAt
      revokedAt
      createdAt
      runtime {
        name
        version
      }
      policy {
        enabled
        minSeverity
        maxReportsPerHour
        collectStackTrace
        collectAttributes
      }
      applications {
        name
        version
        type
        vendor
        updatedAt
      }
      recentReports(first: 10) {
        id
        receivedAt
        severity
        errorCode
        application {
          name
          version
        }
        signature {
          id
          title
        }
      }
      signatures(first: 10) {
        id
        title
        status
        reportCount
      }
    }
  }
`);

const SetPolicy = graphql(`
  mutation SetPolicy($deviceId: ID!, $input: ReportingPolicyInput!) {
    setReportingPolicy(deviceId: $deviceId, input: $input) {
      id
      policy {
        enabled
        minSeverity
        maxReportsPerHour
        collectStackTrace
        collectAttributes
      }
    }
  }
`);

const RevokeDevice = graphql(`
  mutation RevokeDevice($id: ID!) {
    revokeDevice(id: $id) {
      id
      status
      revokedAt
    }
  }
`);

const RegisterDevice = graphql(`
  mutation RegisterDevice($input: RegisterDeviceInput!) {
    registerDevice(input: $input) {
      token
      device {
        id
        serialNumber
      }
    }
  }
`);

const SEVERITIES: Severity[] = ['FATAL', 'ERROR', 'WARNING'];

export function Devices() {
  const listRef = useListKeys<HTMLTableElement>();
  const [params, set] = useAddressParams();
  const key = params.toString();
  const filter = useMemo(() => {
    const p = new URLSearchParams(key);
    return {
      ...(p.get('model') ? { model: p.get('model')! } : {}),
      ...(p.get('manufacturer') ? { manufacturer: p.get('manufacturer')! } : {}),
      ...(p.get('status') ? { status: p.get('status') as DeviceStatus } : {}),
    };
  }, [key]);
  const [{ data, error, fetching }] = useQuery({ query: DeviceList, variables: { filter, first: 50 } });
  const list = data?.devices;
  return (
    <Stack>
      <Title order={2}>Devices</Title>
      <Enrol />
      <Group align="end" wrap="wrap">
        <TextInput label="Filter by model" defaultValue={filter.model ?? ''} onBlur={(e) => set('model', e.currentTarget.value.trim() || null)} />
        <TextInput label="Filter by manufacturer" defaultValue={filter.manufacturer ?? ''} onBlur={(e) => set('manufacturer', e.currentTarget.value.trim() || null)} />
        <Select label="Device status" data={['ACTIVE', 'REVOKED']} value={filter.status ?? null} onChange={(v) => set('status', v)} placeholder="Any" clearable />
      </Group>
      {error && <ErrorNotice error={error} title="Could not load devices" />}
      {fetching && !list && <Text c="dimmed">Loading…</Text>}
      {list && (
        <Paper withBorder>
          <ListKeysHint />
          <Text size="sm" c="dimmed" p="xs">
            {plural(list.totalCount, 'device')}{list.pageInfo.hasNextPage ? ', the 50 most recently reporting shown' : ''}
          </Text>
          <Table.ScrollContainer minWidth={600}>
            <Table ref={listRef} className="keyboard-list" aria-describedby={LIST_KEYS_HINT_ID} highlightOnHover aria-label="Devices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Serial number</Table.Th>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Firmware</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.edges.map(({ node: d }) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Anchor data-row-link component={Link} to={`/devices/${d.id}`}>
                        {d.serialNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {d.manufacturer} {d.model}
                    </Table.Td>
                    <Table.Td>{d.firmwareVersion ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge color={d.status === 'ACTIVE' ? 'teal' : 'red'} variant="light">
                        {d.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.lastSeenAt ? <Time iso={d.lastSeenAt} /> : 'never'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}

/** Enrolment: the device's token is shown here once and never again. */
function Enrol() {
  const [{ data, error, fetching }, register] = useMutation(RegisterDevice);
  const [form, setForm] = useState({ serialNumber: '', manufacturer: '', model: '', firmwareVersion: '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await register({ input: { ...form, firmwareVersion: form.firmwareVersion || null } });
    if (result.data) setForm({ serialNumber: '', manufacturer: '', model: '', firmwareVersion: '' });
  };
  const field = (name: keyof typeof form, label: string, required = true) => (
    <TextInput label={label} required={required} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
  );
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="Enrol a device">
      <Group align="end" wrap="wrap">
        {field('serialNumber', 'Serial number')}
        {field('manufacturer', 'Manufacturer')}
        {field('model', 'Model')}
        {field('firmwareVersion', 'Firmware', false)}
        <Button type="submit" loading={fetching}>
          Enrol
        </Button>
      </Group>
      {data && (
        <Alert color="teal" mt="sm" title={`Enrolled ${data.registerDevice.device.serialNumber}`}>
          Its token, shown only now: <Code>{data.registerDevice.token}</Code>
        </Alert>
      )}
      {error && <ErrorNotice error={error} title="Not enrolled" />}
    </Card>
  );
}

export function DeviceDetail() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: DeviceDetailQuery, variables: { id } });
  const [revoking, revoke] = useMutation(RevokeDevice);
  const [confirm, setConfirm] = useState(false);
  if (error && !data) return <ErrorNotice error={error} title="Could not load the device" />;
  if (!data) return <Text c="dimmed">Loading…</Text>;
  const device = data.device;
  if (!device) return <Text>There is no device with this id.</Text>;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={2}>{device.serialNumber}</Title>
        <Badge color={device.status === 'ACTIVE' ? 'teal' : 'red'} variant="light" data-testid="device-status">
          {device.status}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {device.manufacturer} {device.model} · firmware {device.firmwareVersion ?? '—'} · {device.runtime ? `${device.runtime.name} ${device.runtime.version}` : 'runtime unknown'} · enrolled{' '}
        <Time iso={device.createdAt} />
        {device.lastSeenAt && (
          <>
            {' '}
            · last seen <Time iso={device.lastSeenAt} />
          </>
        )}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <PolicyEditor deviceId={device.id} policy={device.policy} />
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Installed applications
          </Title>
          {device.applications.length ? (
            device.applications.map((a) => (
              <Text key={a.name} size="sm">
                {a.name} {a.version}
                {a.vendor ? ` (${a.vendor})` : ''}
              </Text>
            ))
          ) : (
            <Text c="dimmed" size="sm">
              It never listed them.
            </Text>
          )}
          <Title order={3} size="h5" mt="md" mb="xs">
            Signatures it reported
          </Title>
          {device.signatures.map((s) => (
            <Text key={s.id} size="sm" component="div">
              <Anchor component={Link} to={`/signatures/${s.id}`}>
                {s.title}
              </Anchor>{' '}
              <Badge size="xs">{s.status}</Badge>
            </Text>
          ))}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Recent reports
        </Title>
        <Table.ScrollContainer minWidth={500}>
          <Table>
            <Table.Tbody>
              {device.recentReports.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Time iso={r.receivedAt} />
                  </Table.Td>
                  <Table.Td>{r.severity}</Table.Td>
                  <Table.Td>
                    {r.application.name} {r.application.version}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/signatures/${r.signature.id}`}>
                      {r.signature.title}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {device.status === 'ACTIVE' && (
        <Group>
          {!confirm ? (
            <Button color="red" variant="light" onClick={() => setConfirm(true)}>
              Revoke…
            </Button>
          ) : (
            <>
              <Text size="sm">Its token stops working at once. Revoke it?</Text>
              <Button color="red" onClick={() => void revoke({ id: device.id })} loading={revoking.fetching}>
                Revoke the device
              </Button>
              <Button variant="default" onClick={() => setConfirm(false)}>
                Keep it
              </Button>
            </>
          )}
        </Group>
      )}
      {revoking.error && <ErrorNotice error={revoking.error} title="Not revoked" />}
    </Stack>
  );
}

type Policy = Required<{ [K in keyof ReportingPolicyInput]-?: NonNullable<ReportingPolicyInput[K]> }>;

function PolicyEditor({ deviceId, policy }: { deviceId: string; policy: Policy }) {
  const [draft, setDraft] = useState<Policy>(policy);
  useEffect(() => setDraft(policy), [policy]);
  const [{ fetching, error, data }, save] = useMutation(SetPolicy);
  return (
    <Card
      withBorder
      component="form"
      aria-label="Reporting policy"
      onSubmit={(e) => {
        e.preventDefault();
        // Only the input's fields: the query's answer also carries __typename.
        const { enabled, minSeverity, maxReportsPerHour, collectStackTrace, collectAttributes } = draft;
        void save({ deviceId, input: { enabled, minSeverity, maxReportsPerHour, collectStackTrace, collectAttributes } });
      }}
    >
      <Title order={3} size="h5" mb="xs">
        Reporting policy
      </Title>
      <Stack gap="xs">
        <Switch label="Reports faults" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} />
        <Select label="Lowest severity reported" data={SEVERITIES} value={draft.minSeverity} onChange={(v) => v && setDraft({ ...draft, minSeverity: v as Severity })} allowDeselect={false} />
        <NumberInput label="Reports per hour at most" min={0} max={1_000_000} value={draft.maxReportsPerHour} onChange={(v) => setDraft({ ...draft, maxReportsPerHour: Number(v) || 0 })} />
        <Switch label="Collect stack traces" checked={draft.collectStackTrace} onChange={(e) => setDraft({ ...draft, collectStackTrace: e.currentTarget.checked })} />
        <Switch label="Collect attributes" checked={draft.collectAttributes} onChange={(e) => setDraft({ ...draft, collectAttributes: e.currentTarget.checked })} />
        <Group>
          <Button type="submit" loading={fetching}>
            Save policy
          </Button>
          {data && !error && (
            <Text size="sm" c="teal" role="status">
              Saved.
            </Text>
          )}
        </Group>
        {error && <ErrorNotice error={error} title="Not saved" />}
      </Stack>
    </Card>
  );
}
