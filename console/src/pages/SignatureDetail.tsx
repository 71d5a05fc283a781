import { Alert, Anchor, Badge, Button, Card, Code, Group, List, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { StatusBadge } from '../components/StatusBadge';
import { Time } from '../components/Time';
import type { OccurrenceBucketSize, PreviewEscalationQuery, SignatureDetailQuery, SignatureStatus, UpdateSignatureInput } from '../gql/graphql';
import { LoadMore } from '../components/LoadMore';
import { pageOf, useKeptPages } from '../components/useKeptPages';
import { localTime, plural } from '../format';
import { ActivityPage, EscalateSignature, MergeSignatures, PreviewEscalation, ReportsPage, SignatureDetailQuery as Detail, UnmergeSignature, UpdateSignature, Vendors } from './signature-documents';

type Signature = NonNullable<SignatureDetailQuery['signature']>;

export function SignatureDetail() {
  const { id = '' } = useParams();
  const [bucket, setBucket] = useState<OccurrenceBucketSize>('HOUR');
  const [{ data, error, fetching }, refetch] = useQuery({ query: Detail, variables: { id, bucket } });
  const signature = data?.signature;
  if (error && !signature) return <ErrorNotice error={error} title="Could not load the signature" />;
  if (!data) return <Text c="dimmed">{fetching ? 'Loading…' : ''}</Text>;
  if (!signature) return <Text>There is no signature with this id.</Text>;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Stack>
      <Stack gap={4}>
        <Group gap="sm" wrap="nowrap" align="start">
          <Title order={2} style={{ wordBreak: 'break-word' }}>
            {signature.title}
          </Title>
          <StatusBadge status={signature.status} />
          {mutedNow(signature) && (
            <Badge color="gray" variant="outline" data-testid="muted" mt={6}>
              muted
            </Badge>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {signature.applicationName} · {signature.errorCode}
          {signature.exceptionType ? ` · ${signature.exceptionType}` : ''} · {plural(signature.reportCount, 'report')} from {plural(signature.deviceCount, 'device')} · first seen{' '}
          <Time iso={signature.firstSeenAt} /> · last seen <Time iso={signature.lastSeenAt} />
        </Text>
        {signature.mergedInto && (
          <Alert color="gray">
            Merged into{' '}
            <Anchor component={Link} to={`/signatures/${signature.mergedInto.id}`}>
              {signature.mergedInto.title}
            </Anchor>
            .
          </Alert>
        )}
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Work signature={signature} meId={data.me.id} />
        <Activity signature={signature} />
      </SimpleGrid>
      <Occurrences signature={signature} bucket={bucket} setBucket={setBucket} />
      <Breakdowns signature={signature} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SampleStack signature={signature} />
        <WhyGrouped signature={signature} />
      </SimpleGrid>
      <Reports signature={signature} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Linked signature={signature} />
        <Merge signature={signature} onDone={reload} />
      </SimpleGrid>
      <Escalate signature={signature} onDone={reload} />
    </Stack>
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Status (only the allowed moves are offered), assignee and notes. */
function Work({ signature, meId }: { signature: Signature; meId: string }) {
  const [{ fetching, error }, update] = useMutation(UpdateSignature);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const run = async (input: UpdateSignatureInput, what: string) => {
    setDone(undefined);
    const result = await update({ id: signature.id, input });
    if (!result.error) setDone(what);
    return result;
  };
  return (
    <Section title="Work on it">
      <Stack>
        <Select
          label="Status"
          description={signature.allowedStatuses.length ? `Now ${signature.status}; it may move to the statuses listed.` : 'No move is allowed from here.'}
          data={[signature.status, ...signature.allowedStatuses]}
          value={signature.status}
          onChange={(v) => v && v !== signature.status && void run({ status: v as SignatureStatus }, `Status changed to ${v}.`)}
          allowDeselect={false}
          disabled={fetching || !signature.allowedStatuses.length}
        />
        <Group gap="xs">
          <Text size="sm">Assignee: {signature.assignee?.name ?? 'nobody'}</Text>
          {signature.assignee?.id !== meId && (
            <Button size="xs" variant="default" onClick={() => void run({ assigneeId: meId }, 'Assigned to you.')} disabled={fetching}>
              Assign to me
            </Button>
          )}
          {signature.assignee && (
            <Button size="xs" variant="default" onClick={() => void run({ assigneeId: null }, 'Unassigned.')} disabled={fetching}>
              Unassign
            </Button>
          )}
        </Group>
        <Textarea label="Note" placeholder="What you found, what you tried" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
        <Group>
          <Button
            onClick={async () => {
              const result = await run({ note }, 'Note added.');
              if (!result.error) setNote('');
            }}
            disabled={!note.trim() || fetching}
          >
            Add note
          </Button>
          {done && (
            <Text size="sm" c="teal" role="status">
              {done}
            </Text>
          )}
        </Group>
        <Mute signature={signature} run={run} busy={fetching} />
        {error && <ErrorNotice error={error} title="Not changed" />}
      </Stack>
    </Section>
  );
}

const MUTE_FOR: { value: string; label: string; hours: number | null }[] = [
  { value: '1h', label: 'for an hour', hours: 1 },
  { value: '1d', label: 'for a day', hours: 24 },
  { value: '7d', label: 'for a week', hours: 24 * 7 },
  { value: 'on', label: 'until unmuted', hours: null },
];

/**
 * Whether alerts are muted at this moment: the server reads an expired mute as none, and so does the
 * page, which may have loaded the signature before its mute ran out.
 */
const mutedNow = (s: { mutedAt?: string | null; mutedUntil?: string | null }) => !!s.mutedAt && (!s.mutedUntil || Date.parse(s.mutedUntil) > Date.now());

/** Alert rules stay quiet about a muted signature (until mutedUntil); reports are still counted. */
function Mute({ signature, run, busy }: { signature: Signature; run: (input: UpdateSignatureInput, what: string) => Promise<unknown>; busy: boolean }) {
  const [muteFor, setMuteFor] = useState('1d');
  if (mutedNow(signature)) {
    return (
      <Group gap="xs" data-testid="mute">
        <Text size="sm">
          Alerts muted since <Time iso={signature.mutedAt!} />
          {signature.mutedUntil ? (
            <>
              {' '}
              until <Time iso={signature.mutedUntil} />
            </>
          ) : (
            ' until unmuted'
          )}
          .
        </Text>
        <Button size="xs" variant="default" disabled={busy} onClick={() => void run({ muted: false }, 'Alerts unmuted.')}>
          Unmute
        </Button>
      </Group>
    );
  }
  const choice = MUTE_FOR.find((m) => m.value === muteFor)!;
  return (
    <Group gap="xs" align="end" data-testid="mute">
      <Select label="Mute alerts" data={MUTE_FOR} value={muteFor} onChange={(v) => v && setMuteFor(v)} allowDeselect={false} w={170} />
      <Button
        variant="default"
        disabled={busy}
        onClick={() => {
          const mutedUntil = choice.hours ? new Date(Date.now() + choice.hours * 3_600_000).toISOString() : null;
          void run({ muted: true, mutedUntil }, `Alerts muted ${choice.label}.`);
        }}
      >
        Mute
      </Button>
    </Group>
  );
}

function Activity({ signature }: { signature: Signature }) {
  const client = useClient();
  const pages = useKeptPages(pageOf(signature.activity), async (after) => {
    const result = await client.query(ActivityPage, { id: signature.id, after }, { requestPolicy: 'network-only' }).toPromise();
    const activity = result.data?.signature?.activity;
    return { error: result.error, page: activity && pageOf(activity) };
  });
  const entries = pages.items;
  return (
    <Section title="Activity" testId="activity">
      {entries.length ? (
        <List spacing={6} size="sm" listStyleType="none">
          {entries.map((a) => (
            <List.Item key={a.id}>
              <Text size="sm">
                <Text span c="dimmed" size="xs">
                  <Time iso={a.createdAt} />
                </Text>{' '}
                <b>{a.actor?.name ?? 'faultbase'}</b> {describeActivity(a)}
              </Text>
              {a.note && (
                <Text size="sm" pl="md" style={{ whiteSpace: 'pre-wrap' }}>
                  {a.note}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text c="dimmed" size="sm">
          Nothing was done yet.
        </Text>
      )}
      <LoadMore what="activity" pages={pages} mt="sm" />
    </Section>
  );
}

function describeActivity(a: Signature['activity']['edges'][number]['node']): string {
  if (a.kind === 'MUTED') return a.mutedUntil ? `muted its alerts until ${localTime(a.mutedUntil)}` : 'muted its alerts';
  if (a.kind === 'UNMUTED') return 'unmuted its alerts';
  switch (a.kind) {
    case 'STATUS_CHANGED':
      return `moved it from ${a.fromStatus} to ${a.toStatus}`;
    case 'ASSIGNED':
      return `assigned it to ${a.assignee?.name ?? 'someone'}`;
    case 'UNASSIGNED':
      return 'unassigned it';
    case 'NOTE':
      return 'wrote a note';
    case 'REGRESSED':
      return `saw it come back${a.version ? ` on ${a.version}` : ''}`;
    default:
      return a.kind.toLowerCase().replace(/_/g, ' ');
  }
}

function Occurrences({ signature, bucket, setBucket }: { signature: Signature; bucket: OccurrenceBucketSize; setBucket: (b: OccurrenceBucketSize) => void }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: signature.occurrences.map((b) => localTime(b.start, bucket === 'HOUR' ? 'time' : 'full')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: 'Reports', data: signature.occurrences.map((b) => b.count) }],
    }),
    [signature.occurrences, bucket],
  );
  return (
    <Section title="Occurrences">
      <SegmentedControl
        aria-label="Bucket size"
        data={[
          { value: 'HOUR', label: 'Hours (24 h)' },
          { value: 'DAY', label: 'Days (30 d)' },
        ]}
        value={bucket}
        onChange={(v) => setBucket(v as OccurrenceBucketSize)}
        mb="sm"
      />
      <EChart option={option} height={200} label={`Reports per ${bucket === 'HOUR' ? 'hour' : 'day'}`} />
    </Section>
  );
}

function Breakdowns({ signature }: { signature: Signature }) {
  const { breakdowns } = signature;
  const charts = [
    { title: 'By application version', rows: breakdowns.byApplicationVersion },
    { title: 'By model', rows: breakdowns.byModel },
    { title: 'By firmware', rows: breakdowns.byFirmware },
    { title: 'By runtime', rows: breakdowns.byRuntime },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      {charts.map((c) => (
        <Section key={c.title} title={c.title}>
          <BreakdownChart rows={c.rows} label={c.title} />
        </Section>
      ))}
    </SimpleGrid>
  );
}

function BreakdownChart({ rows, label }: { rows: { value: string; reportCount: number; deviceCount: number }[]; label: string }) {
  const top = rows.slice(0, 8);
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 80, right: 10, top: 20, bottom: 20 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 10 } },
      yAxis: { type: 'category', data: top.map((r) => r.value), inverse: true },
      xAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: 'Reports', data: top.map((r) => r.reportCount) },
        { type: 'bar', name: 'Devices', data: top.map((r) => r.deviceCount) },
      ],
    }),
    [top],
  );
  return <EChart option={option} height={Math.max(120, 40 + top.length * 36)} label={`${label}: ${top.map((r) => `${r.value} ${r.reportCount}`).join(', ')}`} />;
}

/** The newest report's stack, with the frames that identify the fault marked. */
function SampleStack({ signature }: { signature: Signature }) {
  const sample = signature.sample;
  return (
    <Section title="Sample stack trace" testId="sample-stack">
      {!sample ? (
        <Text c="dimmed">No report to show.</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            {signature.exceptionType ?? signature.errorCode}
            {sample.message ? `: ${sample.message}` : ''}
          </Text>
          {sample.frames.length ? (
            <List size="sm" spacing={2} listStyleType="none" ff="monospace">
              {sample.frames.map((f, i) => (
                <List.Item key={i} className="frame" data-contributes={f.contributes}>
                  {f.contributes ? (
                    <Badge size="xs" color="blue" mr={6}>
                      identifies
                    </Badge>
                  ) : null}
                  {f.function}
                  {f.file ? ` (${f.file}${f.line != null ? `:${f.line}` : ''})` : ''}
                  {!f.contributes && f.hint && (
                    <Text span c="dimmed" size="xs">
                      {' '}
                      — {f.hint}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text c="dimmed" size="sm">
              The report had no parsed frames.
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}

function WhyGrouped({ signature }: { signature: Signature }) {
  return (
    <Section title="Why grouped">
      <Text size="xs" c="dimmed" mb="xs">
        Grouping config {signature.groupingConfig}; fingerprint <Code>{signature.fingerprint.slice(0, 16)}</Code>
      </Text>
      <Table>
        <Table.Tbody>
          {signature.components.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <b>{c.id}</b>
              </Table.Td>
              <Table.Td>
                <Badge size="xs" color={c.contributes ? 'blue' : 'gray'}>
                  {c.contributes ? 'contributes' : 'ignored'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {c.value ?? '—'}
                </Text>
                {c.hint && (
                  <Text size="xs" c="dimmed">
                    {c.hint}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Reports({ signature }: { signature: Signature }) {
  const client = useClient();
  const pages = useKeptPages(pageOf(signature.reports), async (after) => {
    const result = await client.query(ReportsPage, { id: signature.id, after }, { requestPolicy: 'network-only' }).toPromise();
    const page = result.data?.signature?.reports;
    return { error: result.error, page: page && pageOf(page) };
  });
  const reports = pages.items;
  return (
    <Section title={`Reports (${signature.reports.totalCount}, the newest ${reports.length} shown)`} testId="reports">
      <Table.ScrollContainer minWidth={600}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Application</Table.Th>
              <Table.Th>Device</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Time iso={r.receivedAt} />
                </Table.Td>
                <Table.Td>{r.severity}</Table.Td>
                <Table.Td>
                  {r.application.name} {r.application.version}
                </Table.Td>
                <Table.Td>
                  {r.device.model} · {r.device.firmwareVersion}
                </Table.Td>
                <Table.Td>{r.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore what="reports" pages={pages} mt="sm" />
    </Section>
  );
}

function Linked({ signature }: { signature: Signature }) {
  return (
    <Section title="Tickets and resolutions">
      <Stack gap="xs">
        {signature.vendorTickets.map((t) => (
          <Text key={t.id} size="sm" component="div">
            Ticket{' '}
            <Anchor component={Link} to={`/tickets/${t.id}`}>
              {t.title}
            </Anchor>{' '}
            with {t.vendor.name}: <Badge size="xs">{t.status}</Badge>
          </Text>
        ))}
        {signature.resolutions.map((r) => (
          <Text key={r.id} size="sm" component="div">
            Resolution{' '}
            <Anchor component={Link} to={`/resolutions/${r.id}`}>
              {r.title}
            </Anchor>{' '}
            ({r.kind}): <Badge size="xs">{r.status}</Badge>
          </Text>
        ))}
        {!signature.vendorTickets.length && !signature.resolutions.length && (
          <Text c="dimmed" size="sm">
            No vendor ticket or resolution yet.
          </Text>
        )}
        <Anchor component={Link} to={`/resolutions?signature=${signature.id}`} size="sm">
          Write a resolution for it
        </Anchor>
      </Stack>
    </Section>
  );
}

function Merge({ signature, onDone }: { signature: Signature; onDone: () => void }) {
  const [sources, setSources] = useState('');
  const [mergeState, merge] = useMutation(MergeSignatures);
  const [unmergeState, unmerge] = useMutation(UnmergeSignature);
  const error = mergeState.error ?? unmergeState.error;
  return (
    <Section title="Merge">
      <Stack gap="xs">
        {signature.mergedInto ? (
          <Button
            variant="default"
            onClick={async () => {
              if (!(await unmerge({ id: signature.id })).error) onDone();
            }}
            loading={unmergeState.fetching}
          >
            Unmerge
          </Button>
        ) : (
          <>
            <TextInput
              label="Merge signatures into this one"
              description="Their ids, separated by commas or spaces"
              value={sources}
              onChange={(e) => setSources(e.currentTarget.value)}
            />
            <Button
              variant="default"
              disabled={!sources.trim()}
              loading={mergeState.fetching}
              onClick={async () => {
                const sourceIds = sources.split(/[\s,]+/).filter(Boolean);
                if (!(await merge({ targetId: signature.id, sourceIds })).error) {
                  setSources('');
                  onDone();
                }
              }}
            >
              Merge
            </Button>
          </>
        )}
        {error && <ErrorNotice error={error} title="Not merged" />}
      </Stack>
    </Section>
  );
}

/** Escalation to a vendor: the evidence the vendor will get is shown before anything is sent. */
function Escalate({ signature, onDone }: { signature: Signature; onDone: () => void }) {
  const client = useClient();
  const [{ data: vendorData }] = useQuery({ query: Vendors });
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [preview, setPreview] = useState<PreviewEscalationQuery['previewEscalation']>();
  const [previewError, setPreviewError] = useState<CombinedError>();
  const [escalation, escalate] = useMutation(EscalateSignature);
  const vendors = (vendorData?.vendors ?? []).filter((v) => !v.disabled).map((v) => ({ value: v.id, label: v.name }));
  const showPreview = async () => {
    if (!vendorId) return;
    const result = await client.query(PreviewEscalation, { signatureId: signature.id, vendorId, message: message || null }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewError(result.error);
    setPreview(result.data?.previewEscalation);
  };
  return (
    <Section title="Escalate to a vendor" testId="escalate">
      <Stack gap="xs">
        <Group align="end" wrap="wrap">
          <Select label="Vendor" data={vendors} value={vendorId} onChange={(v) => (setVendorId(v), setPreview(undefined))} placeholder={vendors.length ? 'Choose' : 'No vendor yet'} miw={200} />
          <Textarea label="Message" value={message} onChange={(e) => (setMessage(e.currentTarget.value), setPreview(undefined))} autosize minRows={1} miw={260} style={{ flex: 1 }} />
        </Group>
        <Group>
          <Button variant="default" disabled={!vendorId} onClick={() => void showPreview()}>
            Preview evidence
          </Button>
          <Button
            disabled={!preview || !message.trim() || !vendorId}
            loading={escalation.fetching}
            onClick={async () => {
              if (!(await escalate({ signatureId: signature.id, vendorId: vendorId!, message })).error) {
                setPreview(undefined);
                setMessage('');
                onDone();
              }
            }}
          >
            Escalate
          </Button>
        </Group>
        {previewError && <ErrorNotice error={previewError} title="No preview" />}
        {escalation.error && <ErrorNotice error={escalation.error} title="Not escalated" />}
        {preview && (
          <Card withBorder bg="var(--mantine-color-gray-light)" data-testid="evidence-preview">
            <Text size="sm" fw={600}>
              What {preview.vendor.name} will receive
            </Text>
            <Text size="sm">
              {preview.evidence.title}: {plural(preview.evidence.reportCount, 'report')} from {plural(preview.evidence.deviceCount, 'device')}; models{' '}
              {preview.evidence.byModel.map((m) => `${m.value} (${m.reportCount})`).join(', ') || 'none'}.
            </Text>
            <Text size="sm" ff="monospace">
              {preview.evidence.frames.map((f) => `${f.function}${f.file ? ` (${f.file}:${f.line ?? '?'})` : ''}`).join(' ← ')}
            </Text>
            <Text size="sm">
              {plural(preview.evidence.samples.length, 'sample report')}, devices as pseudonyms ({preview.evidence.samples.slice(0, 3).map((s) => s.device.pseudonym).join(', ')}
              {preview.evidence.samples.length > 3 ? ', …' : ''}).
            </Text>
            {preview.message && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                Message: {preview.message}
              </Text>
            )}
          </Card>
        )}
      </Stack>
    </Section>
  );
}
