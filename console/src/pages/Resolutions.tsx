import { Anchor, Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoadMore } from '../components/LoadMore';
import { pageOf, useKeptPages } from '../components/useKeptPages';
import { Time } from '../components/Time';
import { plural } from '../format';
import { graphql } from '../gql';
import type { ResolutionListQuery, ResolutionKind, ResolutionStatus } from '../gql/graphql';

const KINDS: ResolutionKind[] = ['APPLICATION_UPDATE', 'FIRMWARE_UPDATE', 'PATCH', 'CONFIGURATION', 'WORKAROUND'];
/** How many times the page looks again, a second apart, while a publication's offers are being made. */
const OFFERING_LOOKS = 60;
const STATUS_COLOR: Record<ResolutionStatus, string> = { DRAFT: 'gray', PUBLISHED: 'teal', WITHDRAWN: 'red' };

const ResolutionList = graphql(`
  query ResolutionList($first: Int, $after: String) {
    resolutions(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          kind
          status
          fixVersion
          createdAt
          deliveryStats {
            notified
            installed
            failed
          }
        }
      }
    }
  }
`);

const ResolutionDetailQuery = graphql(`
  query ResolutionDetail($id: ID!) {
    resolution(id: $id) {
      id
      title
      kind
      status
      instructions
      fixVersion
      publishedAt
      withdrawnAt
      createdAt
      createdBy {
        id
        name
      }
      target {
        manufacturer
        model
        applicationName
        applicationVersionRange
        firmwareRange
      }
      signatures {
        id
        title
        status
      }
      offering
      deliveryStats {
        notified
        downloading
        downloaded
        installing
        installed
        failed
      }
      effectiveness {
        devicesInstalled
        devicesReportedAfterInstall
        reportsPerDayBefore
        reportsPerDayAfter
        installFailureRate
        failuresByResultCode {
          resultCode
          meaning
          devices
        }
        dailyReports {
          day
          reports
        }
      }
      deliveries(first: 20) {
        totalCount
        edges {
          node {
            id
            state
            resultCode
            message
            updatedAt
            device {
              id
              model
              firmwareVersion
            }
          }
        }
      }
    }
  }
`);

const CreateResolution = graphql(`
  mutation CreateResolution($input: CreateResolutionInput!) {
    createResolution(input: $input) {
      id
    }
  }
`);

const PublishResolution = graphql(`
  mutation PublishResolution($id: ID!) {
    publishResolution(id: $id) {
      id
      status
      publishedAt
      offering
      deliveryStats {
        notified
        downloading
        downloaded
        installing
        installed
        failed
      }
    }
  }
`);

const WithdrawResolution = graphql(`
  mutation WithdrawResolution($id: ID!) {
    withdrawResolution(id: $id) {
      id
      status
      withdrawnAt
    }
  }
`);

/** How many resolutions a page of the list holds. */
const RESOLUTION_PAGE = 50;

export function Resolutions() {
  const [params] = useSearchParams();
  const [{ data, error, fetching }] = useQuery({ query: ResolutionList, variables: { first: RESOLUTION_PAGE } });
  const list = data?.resolutions;
  return (
    <Stack>
      <Title order={2}>Resolutions</Title>
      <NewResolution signatureIds={params.get('signature') ?? ''} />
      {error && <ErrorNotice error={error} title="Could not load resolutions" />}
      {fetching && !list && <Text c="dimmed">Loading…</Text>}
      {list && <ResolutionTable first={list} />}
    </Stack>
  );
}

/** The list, a page at a time: "Load more" keeps what is shown. */
function ResolutionTable({ first }: { first: ResolutionListQuery['resolutions'] }) {
  const client = useClient();
  const pages = useKeptPages(pageOf(first), async (after) => {
    const result = await client.query(ResolutionList, { first: RESOLUTION_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
    const page = result.data?.resolutions;
    return { error: result.error, page: page && pageOf(page) };
  });
  const { items, hasMore } = pages;
  return (
    <Paper withBorder>
      <Text size="sm" c="dimmed" p="xs">
        {plural(first.totalCount, 'resolution')}, the newest first{hasMore ? `; ${items.length} shown` : ''}
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table highlightOnHover aria-label="Resolutions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Resolution</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Offered</Table.Th>
              <Table.Th ta="right">Installed</Table.Th>
              <Table.Th ta="right">Failed</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/resolutions/${r.id}`}>
                    {r.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.kind}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[r.status]} variant="light">
                    {r.status}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{r.deliveryStats.notified}</Table.Td>
                <Table.Td ta="right">{r.deliveryStats.installed}</Table.Td>
                <Table.Td ta="right">{r.deliveryStats.failed}</Table.Td>
                <Table.Td>
                  <Time iso={r.createdAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!items.length && (
        <Text c="dimmed" p="md">
          No resolution yet.
        </Text>
      )}
      <LoadMore what="resolutions" pages={pages} m="xs" />
    </Paper>
  );
}

/** A draft: what fixes which signatures, for which devices. Publishing is a separate step. */
function NewResolution({ signatureIds: initialIds }: { signatureIds: string }) {
  const navigate = useNavigate();
  const [{ fetching, error }, create] = useMutation(CreateResolution);
  const [form, setForm] = useState({ kind: 'APPLICATION_UPDATE' as ResolutionKind, title: '', instructions: '', fixVersion: '', signatureIds: initialIds, model: '', applicationName: '', applicationVersionRange: '', firmwareRange: '' });
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const target = Object.fromEntries((['model', 'applicationName', 'applicationVersionRange', 'firmwareRange'] as const).filter((k) => form[k].trim()).map((k) => [k, form[k].trim()]));
    const result = await create({
      input: {
        kind: form.kind,
        title: form.title,
        instructions: form.instructions,
        fixVersion: form.fixVersion.trim() || null,
        signatureIds: form.signatureIds.split(/[\s,]+/).filter(Boolean),
        target: Object.keys(target).length ? target : null,
      },
    });
    if (result.data) navigate(`/resolutions/${result.data.createResolution.id}`);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="New resolution">
      <Title order={3} size="h5" mb="sm">
        New resolution (a draft)
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Select label="Kind" data={KINDS} value={form.kind} onChange={(v) => v && setForm({ ...form, kind: v as ResolutionKind })} allowDeselect={false} />
        <TextInput label="Title" required {...field('title')} />
        <TextInput label="Fix version" {...field('fixVersion')} />
        <TextInput label="Signature ids" description="Separated by commas or spaces" required {...field('signatureIds')} />
        <TextInput label="Target model" {...field('model')} />
        <TextInput label="Target application" {...field('applicationName')} />
        <TextInput label="Application versions" placeholder=">=1.2 <1.4.2" {...field('applicationVersionRange')} />
        <TextInput label="Firmware range" placeholder="<22.0" {...field('firmwareRange')} />
      </SimpleGrid>
      <Textarea label="Instructions" required autosize minRows={2} mt="sm" {...field('instructions')} />
      <Group mt="sm">
        <Button type="submit" loading={fetching}>
          Create draft
        </Button>
      </Group>
      {error && <ErrorNotice error={error} title="Not created" />}
    </Card>
  );
}

export function ResolutionDetail() {
  const { id = '' } = useParams();
  // Keyed by the id: another resolution's page starts afresh (its own looks while offering).
  return <ResolutionPage key={id} id={id} />;
}

function ResolutionPage({ id }: { id: string }) {
  const [{ data, error }, refetch] = useQuery({ query: ResolutionDetailQuery, variables: { id } });
  const [publishing, publish] = useMutation(PublishResolution);
  const [withdrawing, withdraw] = useMutation(WithdrawResolution);
  const resolution = data?.resolution;
  const stats = resolution?.deliveryStats;
  const effectiveness = resolution?.effectiveness;
  // Publishing commits before the offers are made (the outbox fans out): look again each second until
  // they are, a bounded number of times (a fan-out the outbox retries may take hours; Refresh then).
  const offering = resolution?.offering ?? false;
  const [looks, setLooks] = useState(0);
  useEffect(() => {
    if (!offering || looks >= OFFERING_LOOKS) return;
    const timer = setTimeout(() => {
      setLooks((n) => n + 1);
      refetch({ requestPolicy: 'network-only' });
    }, 1000);
    return () => clearTimeout(timer);
  }, [offering, data, looks, refetch]);
  const funnel = useMemo(
    () =>
      stats && {
        animation: false,
        grid: { left: 90, right: 20, top: 10, bottom: 20 },
        tooltip: {},
        yAxis: { type: 'category', inverse: true, data: ['Offered', 'Downloading', 'Downloaded', 'Installing', 'Installed', 'Failed'] },
        xAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: [stats.notified, stats.downloading, stats.downloaded, stats.installing, stats.installed, stats.failed] }],
      },
    [stats],
  );
  const daily = useMemo(
    () =>
      effectiveness && {
        animation: false,
        grid: { left: 40, right: 10, top: 10, bottom: 30 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: effectiveness.dailyReports.map((d) => d.day) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: 'Reports', data: effectiveness.dailyReports.map((d) => d.reports) }],
      },
    [effectiveness],
  );
  const failures = useMemo(
    () =>
      effectiveness && {
        animation: false,
        grid: { left: 160, right: 20, top: 10, bottom: 20 },
        tooltip: {},
        yAxis: { type: 'category', inverse: true, data: effectiveness.failuresByResultCode.map((f) => `${f.resultCode} ${f.meaning}`) },
        xAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: effectiveness.failuresByResultCode.map((f) => f.devices) }],
      },
    [effectiveness],
  );
  if (error && !data) return <ErrorNotice error={error} title="Could not load the resolution" />;
  if (!data) return <Text c="dimmed">Loading…</Text>;
  if (!resolution || !stats || !effectiveness) return <Text>There is no resolution with this id.</Text>;
  const rate = (n: number | null | undefined) => (n == null ? '—' : n.toFixed(1));
  const reload = () => {
    setLooks(0);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <Stack>
      <Group gap="sm">
        <Title order={2}>{resolution.title}</Title>
        <Badge color={STATUS_COLOR[resolution.status]} variant="light" data-testid="resolution-status">
          {resolution.status}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {resolution.kind}
        {resolution.fixVersion ? ` · fixed in ${resolution.fixVersion}` : ''} · created <Time iso={resolution.createdAt} />
        {resolution.createdBy ? ` by ${resolution.createdBy.name}` : ''}
        {resolution.publishedAt && (
          <>
            {' '}
            · published <Time iso={resolution.publishedAt} />
          </>
        )}
      </Text>
      <Group>
        {resolution.status === 'DRAFT' && (
          <Button onClick={async () => !(await publish({ id: resolution.id })).error && reload()} loading={publishing.fetching}>
            Publish
          </Button>
        )}
        {resolution.status === 'PUBLISHED' && (
          <Button color="red" variant="light" onClick={async () => !(await withdraw({ id: resolution.id })).error && reload()} loading={withdrawing.fetching}>
            Withdraw
          </Button>
        )}
        <Button variant="default" onClick={reload}>
          Refresh
        </Button>
      </Group>
      {(publishing.error ?? withdrawing.error) && <ErrorNotice error={(publishing.error ?? withdrawing.error)!} title="Not changed" />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            What it answers and for whom
          </Title>
          <Stack gap={4}>
            {resolution.signatures.map((s) => (
              <Anchor key={s.id} component={Link} to={`/signatures/${s.id}`} size="sm">
                {s.title}
              </Anchor>
            ))}
            <Text size="sm">
              Target:{' '}
              {resolution.target
                ? Object.entries(resolution.target)
                    .filter(([k, v]) => v && k !== '__typename')
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || 'every affected device'
                : 'every affected device'}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {resolution.instructions}
            </Text>
          </Stack>
        </Card>
        <Card withBorder data-testid="delivery-funnel">
          <Title order={3} size="h5" mb="xs">
            Delivery: {stats.notified} offered, {stats.installed} installed, {stats.failed} failed
          </Title>
          {resolution.offering && (
            <Text size="sm" c="dimmed" role="status">
              {looks < OFFERING_LOOKS ? 'Offering it to the affected devices…' : 'Still being offered to the affected devices: Refresh to look again.'}
            </Text>
          )}
          {funnel && <EChart option={funnel} height={200} label={`Delivery funnel: offered ${stats.notified}, installed ${stats.installed}, failed ${stats.failed}`} />}
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Effectiveness
          </Title>
          <Text size="sm">
            Reports per day: {rate(effectiveness.reportsPerDayBefore)} before publication, {rate(effectiveness.reportsPerDayAfter)} since.
          </Text>
          <Text size="sm">
            {plural(effectiveness.devicesInstalled, 'device')} installed it; {effectiveness.devicesReportedAfterInstall} reported the fault again afterwards.
          </Text>
          <Text size="sm">Install failure rate: {effectiveness.installFailureRate == null ? '—' : `${Math.round(effectiveness.installFailureRate * 100)} %`}</Text>
          {daily && effectiveness.dailyReports.length > 0 && <EChart option={daily} height={180} label="Reports of its signatures per day" />}
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Failures by result code
          </Title>
          {effectiveness.failuresByResultCode.length && failures ? (
            <EChart option={failures} height={40 + effectiveness.failuresByResultCode.length * 36} label="Failed deliveries by result code" />
          ) : (
            <Text c="dimmed" size="sm">
              No failed delivery.
            </Text>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Deliveries ({resolution.deliveries.totalCount}, the latest 20)
        </Title>
        <Table.ScrollContainer minWidth={500}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {resolution.deliveries.edges.map(({ node: d }) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    {d.device.model} · {d.device.firmwareVersion}
                  </Table.Td>
                  <Table.Td>{d.state}</Table.Td>
                  <Table.Td>
                    {d.resultCode ?? '—'} {d.message}
                  </Table.Td>
                  <Table.Td>
                    <Time iso={d.updatedAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
