import { ActionIcon, Anchor, Badge, Button, Card, Code, Fieldset, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CONDITION_FIELDS, describeCondition, emptyChannel, emptyRule, fieldInWords, fromRule, KINDS, NUMBER_FIELDS, toInput, type ChannelForm, type RuleForm } from '../alert-rules';
import { ErrorNotice } from '../components/ErrorNotice';
import { Time } from '../components/Time';
import { minutes, plural } from '../format';
import { graphql } from '../gql';
import type { AlertChannelKind, AlertConditionKind, AlertRuleDeliveriesQuery, AlertsQuery, Severity, WebhookDeliveryStatus } from '../gql/graphql';

graphql(`
  fragment AlertRuleFields on AlertRule {
    id
    name
    enabled
    cooldownMinutes
    updatedAt
    condition {
      kind
      applicationName
      minSeverity
      windowMinutes
      minReports
      minDevices
      baselineFactor
      failureRate
      minOutcomes
    }
    channels {
      id
      kind
      url
      secretSet
      to
    }
    recentFirings {
      id
      signatureId
      reason
      notified
      firedAt
    }
  }
`);

const AlertsQueryDoc = graphql(`
  query Alerts {
    alertRules {
      ...AlertRuleFields
    }
  }
`);

const CreateRule = graphql(`
  mutation CreateAlertRule($input: AlertRuleInput!) {
    createAlertRule(input: $input) {
      ...AlertRuleFields
    }
  }
`);

const UpdateRule = graphql(`
  mutation UpdateAlertRule($id: ID!, $input: AlertRuleInput!) {
    updateAlertRule(id: $id, input: $input) {
      ...AlertRuleFields
    }
  }
`);

const SetEnabled = graphql(`
  mutation SetAlertRuleEnabled($id: ID!, $enabled: Boolean!) {
    setAlertRuleEnabled(id: $id, enabled: $enabled) {
      id
      enabled
      updatedAt
    }
  }
`);

const DeleteRule = graphql(`
  mutation DeleteAlertRule($id: ID!) {
    deleteAlertRule(id: $id)
  }
`);

const TestRule = graphql(`
  mutation TestAlertRule($id: ID!) {
    testAlertRule(id: $id)
  }
`);

const RuleDeliveries = graphql(`
  query AlertRuleDeliveries($id: ID!, $first: Int, $after: String) {
    alertRuleDeliveries(id: $id, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
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
          lastAttemptAt
          nextAttemptAt
          createdAt
        }
      }
    }
  }
`);

type Rule = AlertsQuery['alertRules'][number];
type Delivery = AlertRuleDeliveriesQuery['alertRuleDeliveries']['edges'][number]['node'];
const SEVERITIES: Severity[] = ['FATAL', 'ERROR', 'WARNING'];
const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = { PENDING: 'blue', DELIVERED: 'teal', FAILED: 'red', SKIPPED: 'gray' };

/** Alert rules: written, switched on and off, tested, and each with the log of what it sent. */
export function Alerts() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: AlertsQueryDoc });
  const [creating, setCreating] = useState(false);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Alerts</Title>
        {!creating && <Button onClick={() => setCreating(true)}>New rule</Button>}
      </Group>
      {creating && (
        <RuleEditor
          initial={emptyRule()}
          onDone={() => {
            setCreating(false);
            reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {error && <ErrorNotice error={error} title="Could not load alert rules" />}
      {fetching && !data && <Text c="dimmed">Loading…</Text>}
      {data && !data.alertRules.length && !creating && <Text c="dimmed">No alert rule yet: New rule writes one.</Text>}
      {data?.alertRules.map((rule) => <RuleCard key={rule.id} rule={rule} onDeleted={reload} />)}
    </Stack>
  );
}

function RuleCard({ rule, onDeleted }: { rule: Rule; onDeleted: () => void }) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [enabling, setEnabled] = useMutation(SetEnabled);
  const [deleting, remove] = useMutation(DeleteRule);
  const [testing, test] = useMutation(TestRule);
  const [tested, setTested] = useState<string>();
  // Bumped by each test: the log shows the new deliveries and follows them until they settle.
  const [watch, setWatch] = useState(0);
  // The log is one request per rule: asked for when someone opens it (or tests the rule), not for every rule on the page.
  const [logOpen, setLogOpen] = useState(false);
  const problem = enabling.error ?? deleting.error ?? testing.error;
  if (editing) return <RuleEditor ruleId={rule.id} initial={fromRule(rule)} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />;
  return (
    <Card withBorder component="section" aria-label={`Rule ${rule.name}`} data-testid="alert-rule">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={3} size="h5">
              {rule.name}
            </Title>
            <Badge variant="light">{rule.condition.kind}</Badge>
            <Badge color={rule.enabled ? 'teal' : 'gray'} data-testid="rule-state">
              {rule.enabled ? 'enabled' : 'disabled'}
            </Badge>
          </Group>
          <Group gap="xs">
            <Switch
              label="Enabled"
              aria-label={`Rule ${rule.name} enabled`}
              checked={rule.enabled}
              disabled={enabling.fetching}
              onChange={(e) => void setEnabled({ id: rule.id, enabled: e.currentTarget.checked })}
            />
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              size="xs"
              variant="default"
              loading={testing.fetching}
              onClick={async () => {
                setTested(undefined);
                if (!(await test({ id: rule.id })).error) {
                  setTested(`Test sent through ${plural(rule.channels.length, 'channel')}: its deliveries are at the top of the log.`);
                  setWatch((n) => n + 1);
                  setLogOpen(true);
                }
              }}
            >
              Test
            </Button>
            {confirmDelete ? (
              <>
                <Button size="xs" color="red" loading={deleting.fetching} onClick={async () => !(await remove({ id: rule.id })).error && onDeleted()}>
                  Delete the rule
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </Button>
              </>
            ) : (
              <Button size="xs" variant="light" color="red" onClick={() => setConfirmDelete(true)}>
                Delete…
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {describeCondition(rule.condition)} · cool-down {minutes(rule.cooldownMinutes)}
        </Text>
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          Channels: {rule.channels.map((c) => (c.kind === 'WEBHOOK' ? `webhook ${c.url}` : `e-mail to ${(c.to ?? []).join(', ')}`)).join('; ') || 'none'}
        </Text>
        {tested && (
          <Text size="sm" c="teal" role="status">
            {tested}
          </Text>
        )}
        {problem && <ErrorNotice error={problem} title="Not done" />}
        {rule.recentFirings.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              Latest firings
            </Text>
            {rule.recentFirings.slice(0, 5).map((f) => (
              <Text key={f.id} size="sm">
                <Time iso={f.firedAt} />{' '}
                <Anchor component={Link} to={`/signatures/${f.signatureId}`}>
                  {f.reason}
                </Anchor>
                {f.notified ? '' : ' (held back by the cool-down)'}
              </Text>
            ))}
          </Stack>
        )}
        <Button size="compact-xs" variant="subtle" w="fit-content" aria-expanded={logOpen} onClick={() => setLogOpen((open) => !open)}>
          {logOpen ? 'Hide the delivery log' : 'Show the delivery log'}
        </Button>
        {logOpen && <DeliveryLog ruleId={rule.id} ruleName={rule.name} watch={watch} />}
      </Stack>
    </Card>
  );
}

/** What the rule's channels were sent, newest first; after a test it follows the new deliveries until none is pending. */
function DeliveryLog({ ruleId, ruleName, watch }: { ruleId: string; ruleName: string; watch: number }) {
  const [after, setAfter] = useState<string | null>(null);
  const [older, setOlder] = useState<Delivery[]>([]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: RuleDeliveries, variables: { id: ruleId, first: 10 }, requestPolicy: 'network-only' });
  const [more] = useQuery({ query: RuleDeliveries, variables: { id: ruleId, first: 20, after }, pause: !after, requestPolicy: 'network-only' });
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!watch) return;
    setPolls(30);
    refetch({ requestPolicy: 'network-only' });
  }, [watch, refetch]);
  const page = data?.alertRuleDeliveries;
  const pending = page?.edges.some((e) => e.node.status === 'PENDING');
  useEffect(() => {
    // Deliveries are attempted by the outbox, a moment after the test: look again, a bounded number of times.
    if (!polls || fetching || !pending) return;
    const timer = setTimeout(() => {
      setPolls((n) => n - 1);
      refetch({ requestPolicy: 'network-only' });
    }, 1000);
    return () => clearTimeout(timer);
  }, [polls, fetching, pending, refetch]);
  useEffect(() => {
    const extra = more.data?.alertRuleDeliveries.edges.map((e) => e.node);
    if (extra) setOlder((shown) => [...shown, ...extra.filter((d) => !shown.some((s) => s.id === d.id))]);
  }, [more.data]);
  const first = page?.edges.map((e) => e.node) ?? [];
  const shown = [...first, ...older.filter((d) => !first.some((f) => f.id === d.id))];
  const last = after ? more.data?.alertRuleDeliveries : page;
  return (
    <Stack gap={4} component="section" aria-label={`Delivery log of ${ruleName}`} data-testid="delivery-log">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Delivery log{page ? ` (${plural(page.totalCount, 'delivery')})` : ''}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => refetch({ requestPolicy: 'network-only' })} aria-label={`Refresh the delivery log of ${ruleName}`}>
          Refresh
        </Button>
      </Group>
      {(error ?? more.error) && <ErrorNotice error={(error ?? more.error)!} title="Could not load the delivery log" />}
      {page && !shown.length && (
        <Text size="sm" c="dimmed">
          Nothing sent yet. Test sends an alert.test through every channel.
        </Text>
      )}
      {shown.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th>Last answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((d) => (
                <Table.Tr key={d.id} data-testid="delivery" data-status={d.status}>
                  <Table.Td>
                    <Time iso={d.createdAt} />
                  </Table.Td>
                  <Table.Td>{d.eventType}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{d.url}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATUS_COLOR[d.status]}>
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{d.attempts}</Table.Td>
                  <Table.Td>
                    {d.lastStatusCode != null && <Code>{d.lastStatusCode}</Code>} {d.lastError ?? (d.status === 'DELIVERED' ? 'accepted' : '')}
                    {d.nextAttemptAt && (
                      <Text size="xs" c="dimmed">
                        next try <Time iso={d.nextAttemptAt} />
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {last?.pageInfo.hasNextPage && (
        <Button size="xs" variant="default" loading={more.fetching} onClick={() => setAfter(last.pageInfo.endCursor ?? null)}>
          Load more deliveries
        </Button>
      )}
    </Stack>
  );
}

/** A new rule, or an existing one replaced whole (webhook secrets must be given again: they are never shown back). */
function RuleEditor({ ruleId, initial, onDone, onCancel }: { ruleId?: string; initial: RuleForm; onDone: () => void; onCancel: () => void }) {
  const [form, setForm] = useState<RuleForm>(initial);
  const [creating, create] = useMutation(CreateRule);
  const [updating, update] = useMutation(UpdateRule);
  const state = ruleId ? updating : creating;
  const uses = (field: (typeof CONDITION_FIELDS)[AlertConditionKind][number]) => CONDITION_FIELDS[form.kind].includes(field);
  const setChannel = (i: number, change: Partial<ChannelForm>) => setForm({ ...form, channels: form.channels.map((c, j) => (j === i ? { ...c, ...change } : c)) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(form);
    const result = ruleId ? await update({ id: ruleId, input }) : await create({ input });
    if (!result.error) onDone();
  };
  const title = ruleId ? `Edit rule ${initial.name}` : 'New alert rule';
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={title}>
      <Stack>
        <Title order={3} size="h5">
          {title}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <Select
            label="Condition"
            data={KINDS.map((k) => ({ value: k.value, label: k.label }))}
            value={form.kind}
            onChange={(v) => v && setForm({ ...form, kind: v as AlertConditionKind })}
            allowDeselect={false}
            description={KINDS.find((k) => k.value === form.kind)?.description}
          />
          <NumberInput label="Cool-down (minutes)" min={0} value={form.cooldownMinutes} onChange={(v) => setForm({ ...form, cooldownMinutes: typeof v === 'number' ? v : '' })} />
          <Switch label="Enabled" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} mt="xl" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {uses('applicationName') && <TextInput label="Application" placeholder="any" value={form.applicationName} onChange={(e) => setForm({ ...form, applicationName: e.currentTarget.value })} />}
          {uses('minSeverity') && (
            <Select label="At least severity" placeholder="any" data={SEVERITIES} value={form.minSeverity} onChange={(v) => setForm({ ...form, minSeverity: v as Severity | null })} clearable />
          )}
          {NUMBER_FIELDS.filter((f) => uses(f.field)).map((f) => (
            <NumberInput
              key={f.field}
              label={f.label}
              min={0}
              step={f.step ?? 1}
              decimalScale={f.step ? 2 : 0}
              value={form.numbers[f.field] ?? ''}
              onChange={(v) => setForm({ ...form, numbers: { ...form.numbers, [f.field]: typeof v === 'number' ? v : '' } })}
            />
          ))}
        </SimpleGrid>
        {form.channels.map((c, i) => (
          <Fieldset key={i} legend={`Channel ${i + 1}`}>
            <Group align="end" wrap="wrap">
              <Select
                label="Channel kind"
                data={[
                  { value: 'WEBHOOK', label: 'Webhook' },
                  { value: 'EMAIL', label: 'E-mail' },
                ]}
                value={c.kind}
                onChange={(v) => v && setChannel(i, { kind: v as AlertChannelKind })}
                allowDeselect={false}
                w={130}
              />
              {c.kind === 'WEBHOOK' ? (
                <>
                  <TextInput label="Webhook URL" placeholder="https://…" value={c.url} onChange={(e) => setChannel(i, { url: e.currentTarget.value })} miw={260} style={{ flex: 2 }} />
                  <PasswordInput
                    label="Signing secret"
                    description={ruleId ? 'Give it again: it is never shown back' : 'At least 16 characters; never shown back'}
                    value={c.secret}
                    onChange={(e) => setChannel(i, { secret: e.currentTarget.value })}
                    miw={220}
                    style={{ flex: 1 }}
                  />
                </>
              ) : (
                <TextInput label="Recipients" description="E-mail addresses, separated by commas" value={c.to} onChange={(e) => setChannel(i, { to: e.currentTarget.value })} miw={260} style={{ flex: 2 }} />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={`Remove channel ${i + 1}`}
                onClick={() => setForm({ ...form, channels: form.channels.filter((_, j) => j !== i) })}
              >
                ✕
              </ActionIcon>
            </Group>
          </Fieldset>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setForm({ ...form, channels: [...form.channels, emptyChannel()] })}>
            Add channel
          </Button>
        </Group>
        {state.error && <ErrorNotice error={state.error} title="Not saved" describeField={fieldInWords} />}
        <Group>
          <Button type="submit" loading={state.fetching}>
            {ruleId ? 'Save rule' : 'Create rule'}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
