import { Anchor, Badge, Button, Card, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Time } from '../components/Time';
import { plural } from '../format';
import { graphql } from '../gql';
import type { VendorTicketStatus } from '../gql/graphql';
import { ListKeysHint, LIST_KEYS_HINT_ID } from '../components/ListKeysHint';
import { useListKeys } from '../components/useListKeys';

const TicketList = graphql(`
  query TicketList($first: Int, $after: String) {
    vendorTickets(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          status
          updatedAt
          vendor {
            id
            name
          }
        }
      }
    }
  }
`);

const TicketFields = graphql(`
  query Ticket($id: ID!) {
    vendorTicket(id: $id) {
      id
      title
      status
      allowedStatuses
      externalRef
      createdAt
      updatedAt
      vendor {
        id
        name
      }
      evidence {
        reportCount
        deviceCount
        errorCode
        applicationName
        frames {
          function
          file
          line
        }
      }
      thread {
        id
        kind
        body
        fromStatus
        toStatus
        createdAt
        author {
          name
          side
        }
      }
    }
  }
`);

const UpdateTicket = graphql(`
  mutation UpdateTicket($id: ID!, $input: UpdateVendorTicketInput!) {
    updateVendorTicket(id: $id, input: $input) {
      id
      status
      allowedStatuses
      updatedAt
      thread {
        id
        kind
        body
        fromStatus
        toStatus
        createdAt
        author {
          name
          side
        }
      }
    }
  }
`);

/** Vendor tickets: staff see every vendor's, a vendor's user only their own vendor's (the API decides). */
export function Tickets() {
  const listRef = useListKeys<HTMLTableElement>();
  const [{ data, error, fetching }] = useQuery({ query: TicketList, variables: { first: 50 } });
  const tickets = data?.vendorTickets;
  return (
    <Stack>
      <Title order={2}>Tickets</Title>
      {error && <ErrorNotice error={error} title="Could not load tickets" />}
      {fetching && !tickets && <Text c="dimmed">Loading…</Text>}
      {tickets && (
        <Paper withBorder>
          <ListKeysHint />
          <Table.ScrollContainer minWidth={500}>
            <Table ref={listRef} className="keyboard-list" aria-describedby={LIST_KEYS_HINT_ID} highlightOnHover aria-label="Tickets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Ticket</Table.Th>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tickets.edges.map(({ node: t }) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Anchor data-row-link component={Link} to={`/tickets/${t.id}`}>
                        {t.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t.vendor.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t.status}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Time iso={t.updatedAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {!tickets.edges.length && (
            <Text c="dimmed" p="md">
              No tickets.
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}

export function TicketDetail() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: TicketFields, variables: { id } });
  const [updating, update] = useMutation(UpdateTicket);
  const [comment, setComment] = useState('');
  if (error && !data) return <ErrorNotice error={error} title="Could not load the ticket" />;
  const ticket = data?.vendorTicket;
  if (!ticket) return <Text c="dimmed">Loading…</Text>;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={2}>{ticket.title}</Title>
        <Badge variant="light" data-testid="ticket-status">
          {ticket.status}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {ticket.vendor.name} · opened <Time iso={ticket.createdAt} /> · {ticket.evidence.applicationName} {ticket.evidence.errorCode} · {plural(ticket.evidence.reportCount, 'report')} from{' '}
        {plural(ticket.evidence.deviceCount, 'device')}
      </Text>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Evidence: identifying frames
        </Title>
        <Text size="sm" ff="monospace">
          {ticket.evidence.frames.map((f) => `${f.function}${f.file ? ` (${f.file}:${f.line ?? '?'})` : ''}`).join(' ← ') || '—'}
        </Text>
      </Card>
      <Card withBorder component="section" aria-label="Thread">
        <Title order={3} size="h5" mb="xs">
          Thread
        </Title>
        <Stack gap="xs">
          {ticket.thread.map((e) => (
            <Text key={e.id} size="sm">
              <Text span c="dimmed" size="xs">
                <Time iso={e.createdAt} />
              </Text>{' '}
              <b>{e.author.name}</b> {e.fromStatus || e.toStatus ? `${e.fromStatus ?? ''} → ${e.toStatus ?? ''} ` : ''}
              {e.body}
            </Text>
          ))}
        </Stack>
      </Card>
      <Group align="end" wrap="wrap">
        <Select
          label="Move to"
          data={ticket.allowedStatuses}
          value={null}
          placeholder={ticket.allowedStatuses.length ? 'Choose a status' : 'No move allowed'}
          disabled={!ticket.allowedStatuses.length || updating.fetching}
          onChange={(v) => v && void update({ id: ticket.id, input: { status: v as VendorTicketStatus } })}
        />
        <Textarea label="Comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} miw={240} />
        <Button
          disabled={!comment.trim() || updating.fetching}
          onClick={async () => {
            if (!(await update({ id: ticket.id, input: { comment } })).error) setComment('');
          }}
        >
          Comment
        </Button>
      </Group>
      {updating.error && <ErrorNotice error={updating.error} title="Not changed" />}
    </Stack>
  );
}
