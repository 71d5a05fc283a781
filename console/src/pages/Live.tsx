import { Anchor, Badge, Button, Group, MultiSelect, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useSubscription } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Time } from '../components/Time';
import { graphql } from '../gql';
import type { LiveReportsSubscription, Severity } from '../gql/graphql';
import { ListKeysHint, LIST_KEYS_HINT_ID } from '../components/ListKeysHint';
import { useListKeys } from '../components/useListKeys';

/** The list keeps the newest reports only, so a tab left open all day stays small. */
export const LIVE_LIMIT = 200;

const LiveReports = graphql(`
  subscription LiveReports($filter: FaultFilter) {
    faultReported(filter: $filter) {
      id
      receivedAt
      errorCode
      severity
      exceptionType
      application {
        name
        version
      }
      device {
        id
        model
      }
      signature {
        id
        title
        reportCount
        status
      }
    }
  }
`);

const NewSignatures = graphql(`
  subscription NewSignatures {
    signatureChanged {
      kind
      signature {
        id
      }
    }
  }
`);

type Report = LiveReportsSubscription['faultReported'];
const SEVERITIES: Severity[] = ['FATAL', 'ERROR', 'WARNING'];
const SEVERITY_COLOR: Record<Severity, string> = { FATAL: 'red', ERROR: 'orange', WARNING: 'yellow' };

export function Live() {
  const listRef = useListKeys<HTMLTableElement>();
  const [application, setApplication] = useState('');
  const [errorCode, setErrorCode] = useState('');
  const [severity, setSeverity] = useState<string[]>([]);
  const [paused, setPaused] = useState(false);
  const [frozen, setFrozen] = useState<Report[]>([]);
  const [filterInput] = useDebouncedValue({ application: application.trim(), errorCode: errorCode.trim(), severity }, 400);
  const filter = useMemo(
    () => ({
      ...(filterInput.application ? { applicationName: filterInput.application } : {}),
      ...(filterInput.errorCode ? { errorCode: filterInput.errorCode } : {}),
      ...(filterInput.severity.length ? { severity: filterInput.severity as Severity[] } : {}),
    }),
    [filterInput.application, filterInput.errorCode, filterInput.severity],
  );
  const [{ data: reports = [], error }] = useSubscription<LiveReportsSubscription, Report[]>(
    { query: LiveReports, variables: { filter } },
    (previous = [], event) => [event.faultReported, ...previous].slice(0, LIVE_LIMIT),
  );
  // Signatures created while this page is open: their reports are highlighted as new faults.
  const [{ data: created = new Set<string>() }] = useSubscription({ query: NewSignatures }, (previous: Set<string> = new Set(), event) =>
    event.signatureChanged.kind === 'CREATED' ? new Set(previous).add(event.signatureChanged.signature.id) : previous,
  );
  // Reports received before a filter changed are filtered here too, so the list always matches it.
  const matches = (r: Report) =>
    (!filter.applicationName || r.application.name === filter.applicationName) &&
    (!filter.errorCode || r.errorCode === filter.errorCode) &&
    (!filter.severity || filter.severity.includes(r.severity));
  const shown = (paused ? frozen : reports).filter(matches);
  const waiting = paused ? reports.filter((r) => !frozen.includes(r)).length : 0;
  const togglePause = () => {
    if (!paused) setFrozen(reports);
    setPaused(!paused);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Live</Title>
        <Group gap="xs">
          {paused && <Badge color="gray">{waiting} new while paused</Badge>}
          <Button variant={paused ? 'filled' : 'default'} onClick={togglePause} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </Button>
        </Group>
      </Group>
      <Group grow preventGrowOverflow={false} wrap="wrap">
        <TextInput label="Application" placeholder="e.g. SpaceRacer" value={application} onChange={(e) => setApplication(e.currentTarget.value)} miw={160} />
        <MultiSelect label="Severity" data={SEVERITIES} value={severity} onChange={setSeverity} placeholder="Any" clearable miw={160} />
        <TextInput label="Error code" placeholder="e.g. E_APP_CRASH" value={errorCode} onChange={(e) => setErrorCode(e.currentTarget.value)} miw={160} />
      </Group>
      {error && <ErrorNotice error={error} title="The live stream failed" />}
      <Paper withBorder>
          <ListKeysHint />
        <ScrollArea h="calc(100vh - 300px)" mih={300} type="auto">
          <Table ref={listRef} className="keyboard-list" aria-describedby={LIST_KEYS_HINT_ID} stickyHeader highlightOnHover aria-label="Live reports" data-testid="live-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Signature</Table.Th>
                <Table.Th visibleFrom="sm">Application</Table.Th>
                <Table.Th visibleFrom="sm">Error code</Table.Th>
                <Table.Th visibleFrom="md">Model</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const isNew = created.has(r.signature.id);
                return (
                  <Table.Tr key={r.id} className="live-row" data-new-signature={isNew} data-report-id={r.id}>
                    <Table.Td>
                      <Time iso={r.receivedAt} style="time" />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={SEVERITY_COLOR[r.severity]} variant="light">
                        {r.severity}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {isNew && (
                        <Badge color="yellow" mr={6} size="sm">
                          new
                        </Badge>
                      )}
                      <Anchor data-row-link component={Link} to={`/signatures/${r.signature.id}`}>
                        {r.signature.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      {r.application.name} {r.application.version}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{r.errorCode}</Table.Td>
                    <Table.Td visibleFrom="md">{r.device.model}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {!shown.length && (
            <Text c="dimmed" p="md" data-testid="live-empty">
              Waiting for reports… New ones appear here as devices send them (the newest {LIVE_LIMIT} are kept).
            </Text>
          )}
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
