import { Anchor, Badge, Button, Card, Group, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoadMore } from '../components/LoadMore';
import { pageOf, useKeptPages } from '../components/useKeptPages';
import { Time } from '../components/Time';
import { plural } from '../format';
import { graphql } from '../gql';
import type { TicketListQuery, ResolutionKind, VendorTicketStatus } from '../gql/graphql';
import { ListKeysHint, LIST_KEYS_HINT_ID } from '../components/ListKeysHint';
import { useListKeys } from '../components/useListKeys';

const TicketViewer = graphql(`
  query TicketViewer {
    me {
      id
      role
    }
  }
`);

const DraftFromTicket = graphql(`
  mutation DraftFromTicket($id: ID!) {
    draftResolutionFromTicket(id: $id) {
      id
    }
  }
`);

const KINDS: ResolutionKind[] = ['APPLICATION_UPDATE', 'FIRMWARE_UPDATE', 'PATCH', 'CONFIGURATION', 'WORKAROUND'];

/** The moves that need more than a status: a proposal says what fixes it, a rejection why not. */
const NEEDS_FORM: readonly VendorTicketStatus[] = ['SOLUTION_PROPOSED', 'REJECTED'];

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
      resolutionId
      proposal {
        kind
        title
        instructions
        fixVersion
        proposedAt
      }
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
      proposal {
        kind
        title
        instructions
        fixVersion
        proposedAt
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

/** How many tickets a page of the list holds. */
const TICKET_PAGE = 50;

/** Vendor tickets: staff see every vendor's, a vendor's user only their own vendor's (the API decides). */
export function Tickets() {
  const [{ data, error, fetching }] = useQuery({ query: TicketList, variables: { first: TICKET_PAGE } });
  const tickets = data?.vendorTickets;
  return (
    <Stack>
      <Title order={2}>Tickets</Title>
      {error && <ErrorNotice error={error} title="Could not load tickets" />}
      {fetching && !tickets && <Text c="dimmed">Loading…</Text>}
      {tickets && <TicketTable first={tickets} />}
    </Stack>
  );
}

/** The list, a page at a time: "Load more" keeps what is shown. */
function TicketTable({ first }: { first: NonNullable<TicketListQuery['vendorTickets']> }) {
  const listRef = useListKeys<HTMLTableElement>();
  const client = useClient();
  const pages = useKeptPages(pageOf(first), async (after) => {
    const result = await client.query(TicketList, { first: TICKET_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
    const page = result.data?.vendorTickets;
    return { error: result.error, page: page && pageOf(page) };
  });
  const { items, hasMore } = pages;
  return (
    <Paper withBorder>
      <ListKeysHint />
      <Text size="sm" c="dimmed" p="xs">
        {plural(first.totalCount, 'ticket')}, the most recently updated first{hasMore ? `; ${items.length} shown` : ''}
      </Text>
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
            {items.map((t) => (
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
      {!items.length && (
        <Text c="dimmed" p="md">
          No tickets.
        </Text>
      )}
      <LoadMore what="tickets" pages={pages} m="xs" />
    </Paper>
  );
}

export function TicketDetail() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: TicketFields, variables: { id } });
  const [updating, update] = useMutation(UpdateTicket);
  const [comment, setComment] = useState('');
  const [moving, setMoving] = useState<VendorTicketStatus | null>(null);
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
      {ticket.proposal && <Proposal ticketId={ticket.id} proposal={ticket.proposal} resolutionId={ticket.resolutionId ?? null} />}
      <Group align="end" wrap="wrap">
        <Select
          label="Move to"
          data={ticket.allowedStatuses}
          value={moving}
          placeholder={ticket.allowedStatuses.length ? 'Choose a status' : 'No move allowed'}
          disabled={!ticket.allowedStatuses.length || updating.fetching}
          onChange={(v) => {
            const status = v as VendorTicketStatus | null;
            if (status && !NEEDS_FORM.includes(status)) void update({ id: ticket.id, input: { status } });
            setMoving(status && NEEDS_FORM.includes(status) ? status : null);
          }}
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
      {moving === 'SOLUTION_PROPOSED' && (
        <ProposeForm busy={updating.fetching} onCancel={() => setMoving(null)} onSubmit={async (proposal) => !(await update({ id: ticket.id, input: { status: 'SOLUTION_PROPOSED', proposal } })).error && setMoving(null)} />
      )}
      {moving === 'REJECTED' && (
        <RejectForm busy={updating.fetching} onCancel={() => setMoving(null)} onSubmit={async (rejectReason) => !(await update({ id: ticket.id, input: { status: 'REJECTED', rejectReason } })).error && setMoving(null)} />
      )}
      {updating.error && <ErrorNotice error={updating.error} title="Not changed" />}
    </Stack>
  );
}

interface ProposalView {
  kind: ResolutionKind;
  title: string;
  instructions: string;
  fixVersion?: string | null;
  proposedAt: string;
}

/** The vendor's proposed fix; staff turn it into a resolution draft (publishing that closes the ticket). */
function Proposal({ ticketId, proposal, resolutionId }: { ticketId: string; proposal: ProposalView; resolutionId: string | null }) {
  const [{ data: viewer }] = useQuery({ query: TicketViewer });
  const [drafting, draft] = useMutation(DraftFromTicket);
  const navigate = useNavigate();
  const staff = viewer?.me.role === 'ADMIN' || viewer?.me.role === 'TECHNICIAN';
  return (
    <Card withBorder component="section" aria-label="Proposed fix">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Proposed fix: {proposal.title}
        </Title>
        <Badge variant="light">{proposal.kind}</Badge>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {proposal.instructions}
      </Text>
      <Text size="xs" c="dimmed" mt="xs">
        {proposal.fixVersion ? `Fixed in ${proposal.fixVersion} · ` : ''}proposed <Time iso={proposal.proposedAt} />
      </Text>
      {resolutionId ? (
        staff ? (
          <Anchor component={Link} to={`/resolutions/${resolutionId}`} size="sm" mt="xs">
            The resolution drafted from it
          </Anchor>
        ) : (
          <Text size="sm" mt="xs">
            A resolution has been drafted from it.
          </Text>
        )
      ) : (
        staff && (
          <Group mt="xs">
            <Button
              loading={drafting.fetching}
              onClick={async () => {
                const result = await draft({ id: ticketId });
                if (result.data) void navigate(`/resolutions/${result.data.draftResolutionFromTicket.id}`);
              }}
            >
              Draft a resolution from it
            </Button>
          </Group>
        )
      )}
      {drafting.error && <ErrorNotice error={drafting.error} title="No resolution drafted" />}
    </Card>
  );
}

interface ProposalInput {
  kind: ResolutionKind;
  title: string;
  instructions: string;
  fixVersion: string | null;
}

/** SOLUTION_PROPOSED carries the fix: what kind, what to do, and the version that has it. */
function ProposeForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (p: ProposalInput) => void; onCancel: () => void }) {
  const [form, setForm] = useState({ kind: 'APPLICATION_UPDATE' as ResolutionKind, title: '', instructions: '', fixVersion: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ kind: form.kind, title: form.title, instructions: form.instructions, fixVersion: form.fixVersion.trim() || null });
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="Propose a fix">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Propose a fix
        </Title>
        <Group grow align="start">
          <Select label="Kind" data={KINDS} value={form.kind} onChange={(v) => v && setForm({ ...form, kind: v as ResolutionKind })} allowDeselect={false} />
          <TextInput label="Fix version" value={form.fixVersion} onChange={(e) => setForm({ ...form, fixVersion: e.currentTarget.value })} />
        </Group>
        <TextInput label="Fix title" required value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} />
        <Textarea label="Instructions" description="Markdown; the device shows it to the subscriber." required autosize minRows={3} value={form.instructions} onChange={(e) => setForm({ ...form, instructions: e.currentTarget.value })} />
        <Group>
          <Button type="submit" loading={busy}>
            Propose
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** REJECTED says why, for the staff who escalated it. */
function RejectForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  return (
    <Card
      withBorder
      component="form"
      aria-label="Reject the ticket"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(reason);
      }}
    >
      <Stack gap="xs">
        <Textarea label="Why it is rejected" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Group>
          <Button type="submit" color="red" loading={busy}>
            Reject
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
