import { Anchor, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAddressParams } from '../components/useAddressParams';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Sparkline } from '../components/Sparkline';
import { Time } from '../components/Time';
import { plural } from '../format';
import { graphql } from '../gql';
import { filterOf, ORDER_FIELDS, orderOf, STATUSES, TEXT_FILTERS } from '../signature-filters';
import { StatusBadge } from '../components/StatusBadge';
import { ListKeysHint, LIST_KEYS_HINT_ID } from '../components/ListKeysHint';
import { useListKeys } from '../components/useListKeys';

const PAGE = 25;

const SignatureList = graphql(`
  query SignatureList($filter: SignatureFilter, $orderBy: SignatureOrder, $first: Int, $after: String) {
    signatures(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          status
          applicationName
          errorCode
          reportCount
          deviceCount
          lastSeenAt
          assignee {
            id
            name
          }
          occurrences(bucket: HOUR) {
            start
            count
          }
        }
      }
    }
  }
`);

/** A text filter edited in place and written to the address after a pause in typing. */
function ParamInput({ param, label }: { param: string; label: string }) {
  const [params, set] = useAddressParams();
  const [value, setValue] = useState(params.get(param) ?? '');
  useEffect(() => setValue(params.get(param) ?? ''), [params, param]);
  const write = useDebouncedCallback((next: string) => set(param, next.trim() || null), 400);
  return (
    <TextInput
      label={label}
      value={value}
      onChange={(e) => {
        setValue(e.currentTarget.value);
        write(e.currentTarget.value);
      }}
      miw={140}
    />
  );
}

export function Signatures() {
  const listRef = useListKeys<HTMLTableElement>();
  const [params, set] = useAddressParams();
  const key = params.toString();
  const filter = useMemo(() => filterOf(new URLSearchParams(key)), [key]);
  const orderBy = useMemo(() => orderOf(new URLSearchParams(key)), [key]);
  // Pages are loaded on request ("Load more") and kept: new reports never move what is shown.
  const [after, setAfter] = useState<string | null>(null);
  useEffect(() => setAfter(null), [key]);
  const [{ data, error, fetching }, reexecute] = useQuery({ query: SignatureList, variables: { filter, orderBy, first: PAGE, after }, requestPolicy: 'cache-first' });
  const connection = data?.signatures;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Signatures</Title>
        <Group gap="sm">
          {connection && (
            <Text c="dimmed" size="sm" data-testid="signature-count">
              {plural(connection.totalCount, 'signature')}
            </Text>
          )}
          {/* The list stays put as reports arrive (counts update in place); new signatures and new order on request. */}
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setAfter(null);
              reexecute({ requestPolicy: 'network-only' });
            }}
          >
            Refresh
          </Button>
        </Group>
      </Group>
      <Group align="end" gap="sm" wrap="wrap">
        {TEXT_FILTERS.map((f) => (
          <ParamInput key={f.param} param={f.param} label={f.label} />
        ))}
        <MultiSelect
          label="Status"
          data={STATUSES}
          value={filter.status ?? []}
          onChange={(v) => set('status', v.join(','))}
          placeholder="Any"
          clearable
          miw={180}
        />
        <Select
          label="Assignee"
          data={[
            { value: 'any', label: 'Anyone or no one' },
            { value: 'no', label: 'Unassigned' },
            { value: 'yes', label: 'Assigned' },
          ]}
          value={params.get('assigned') ?? 'any'}
          onChange={(v) => set('assigned', v === 'any' ? null : v)}
          allowDeselect={false}
          w={170}
        />
        <Select label="Order by" data={ORDER_FIELDS} value={orderBy.field} onChange={(v) => set('sort', v === 'LAST_SEEN' ? null : v)} allowDeselect={false} w={140} />
        <Select
          label="Direction"
          data={[
            { value: 'DESC', label: 'Descending' },
            { value: 'ASC', label: 'Ascending' },
          ]}
          value={orderBy.direction}
          onChange={(v) => set('dir', v === 'ASC' ? v : null)}
          allowDeselect={false}
          w={140}
        />
      </Group>
      {error && <ErrorNotice error={error} title="Could not load signatures" />}
      <Paper withBorder>
          <ListKeysHint />
        <Table.ScrollContainer minWidth={700}>
          <Table ref={listRef} className="keyboard-list" aria-describedby={LIST_KEYS_HINT_ID} highlightOnHover aria-label="Signatures" data-testid="signature-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signature</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Reports</Table.Th>
                <Table.Th ta="right">Devices</Table.Th>
                <Table.Th w={140}>Last 24 h</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>Assignee</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection?.edges.map(({ node }) => (
                <Table.Tr key={node.id}>
                  <Table.Td>
                    <Anchor data-row-link component={Link} to={`/signatures/${node.id}`}>
                      {node.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {node.applicationName} · {node.errorCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={node.status} />
                  </Table.Td>
                  <Table.Td ta="right">{node.reportCount}</Table.Td>
                  <Table.Td ta="right">{node.deviceCount}</Table.Td>
                  <Table.Td>
                    <Sparkline counts={node.occurrences.map((b) => b.count)} label={`Reports per hour over the last 24 hours: ${node.occurrences.reduce((n, b) => n + b.count, 0)} in all`} />
                  </Table.Td>
                  <Table.Td>
                    <Time iso={node.lastSeenAt} />
                  </Table.Td>
                  <Table.Td>{node.assignee?.name ?? <Text c="dimmed">—</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {connection && !connection.edges.length && (
          <Text c="dimmed" p="md">
            No signature matches these filters.
          </Text>
        )}
        {fetching && !connection && (
          <Text c="dimmed" p="md">
            Loading…
          </Text>
        )}
      </Paper>
      {connection?.pageInfo.hasNextPage && (
        <Button variant="default" loading={fetching} onClick={() => setAfter(connection.pageInfo.endCursor ?? null)}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
