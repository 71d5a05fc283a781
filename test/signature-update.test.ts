import { SignatureStatus } from '../src/signatures/signature-status';
import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { subscribe } from './harness/subscriptions';

let server: TestServer;
let device: Awaited<ReturnType<typeof registerDevice>>;
const users: Record<'tess' | 'tom' | 'revoked', { id: string; token: string }> = {} as never;
let vendorUser: { id: string; token: string };
let adminId: string;
let faults = 0;

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { id } } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateSignatureInput!) {
  updateSignature(id: $id, input: $i) { id status assignee { id name } }
}`;
const ACTIVITY = `query($id: ID!, $first: Int, $after: String) {
  signature(id: $id) {
    status
    activity(first: $first, after: $after) {
      totalCount
      edges { node { kind fromStatus toStatus note createdAt actor { id name } assignee { id name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const STATUSES = Object.values(SignatureStatus);
type Status = SignatureStatus;

beforeAll(async () => {
  server = await TestServer.start();
  for (const [key, name, role] of [
    ['tess', 'Tess', 'TECHNICIAN'],
    ['tom', 'Tom', 'TECHNICIAN'],
    ['revoked', 'Rex', 'TECHNICIAN'],
  ] as const) {
    const res = ok(await gql(server.url, server.adminToken, CREATE_USER, { i: { email: `${key}@example.com`, name, role } }));
    users[key] = { id: res.createUser.user.id, token: res.createUser.token };
  }
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { revokeUser(id: $id) { id } }`, { id: users.revoked.id }));
  const vendor = ok(await gql(server.url, server.adminToken, `mutation { createVendor(input: { name: "Workflow Games" }) { id } }`)).createVendor;
  const vendorRes = ok(
    await gql(server.url, server.adminToken, `mutation($v: ID!) { createVendorUser(vendorId: $v, input: { email: "vw@example.com", name: "VW" }) { token user { id } } }`, { v: vendor.id }),
  ).createVendorUser;
  vendorUser = { id: vendorRes.user.id, token: vendorRes.token };
  adminId = ok(await gql(server.url, server.adminToken, `{ me { id } }`)).me.id;
  device = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 100000 }) { id } }`, { id: device.device.id }));
});
afterAll(() => server?.stop());

/** A fresh signature, NEW. */
async function newSignature(): Promise<string> {
  faults += 1;
  return ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: `E_WORKFLOW_${faults}` }) })).reportFault.signature.id;
}

const update = (id: string, input: Record<string, unknown>, token = users.tess.token) => gql(server.url, token, UPDATE, { id, i: input });

async function activity(id: string, vars: Record<string, unknown> = {}) {
  return ok(await gql(server.url, users.tess.token, ACTIVITY, { id, first: 50, ...vars })).signature;
}

/** A signature in `status`, reached by hand from NEW in one step. */
async function signatureIn(status: Status): Promise<string> {
  const id = await newSignature();
  if (status !== SignatureStatus.NEW) ok(await update(id, { status }));
  return id;
}

describe('status: the state machine', () => {
  /**
   * The transitions a technician may make by hand, written out here (not read from the product's
   * table, so an accidental new transition fails): nothing leads to REGRESSED or ESCALATED, and
   * RESOLVED only reopens as INVESTIGATING.
   */
  const EXPECTED: Record<Status, Status[]> = {
    NEW: ['INVESTIGATING', 'RESOLVED', 'IGNORED'],
    INVESTIGATING: ['NEW', 'RESOLVED', 'IGNORED'],
    ESCALATED: ['INVESTIGATING', 'RESOLVED', 'IGNORED'],
    RESOLVED: ['INVESTIGATING'],
    REGRESSED: ['INVESTIGATING', 'RESOLVED', 'IGNORED'],
    IGNORED: ['NEW', 'INVESTIGATING'],
  } as Record<Status, Status[]>;
  // Statuses a technician can bring a fresh signature to; REGRESSED and ESCALATED need evidence or escalation.
  const reachable: Status[] = [SignatureStatus.NEW, ...EXPECTED.NEW];

  const cases = reachable.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to, EXPECTED[from].includes(to)] as const));

  it.each(cases)('%s → %s allowed: %s', async (from, to, allowed) => {
    const id = await signatureIn(from);
    const before = (await activity(id)).activity.totalCount;
    const res = await update(id, { status: to, note: 'with a note' });
    if (allowed) {
      expect(ok(res).updateSignature.status).toBe(to);
      const { activity: log } = await activity(id);
      expect(log.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(
        expect.arrayContaining(['STATUS_CHANGED', 'NOTE']),
      );
      expect(log.edges.find((e: { node: { kind: string } }) => e.node.kind === 'STATUS_CHANGED').node).toMatchObject({ fromStatus: from, toStatus: to });
      return;
    }
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ reason: 'TRANSITION_NOT_ALLOWED', transition: { from, to, allowed: EXPECTED[from] } });
    expect(res.errors![0]!.message).toContain(`from ${from} to ${to}`);
    // Refused whole: neither the status nor the note of the same change was kept.
    const after = await activity(id);
    expect(after.status).toBe(from);
    expect(after.activity.totalCount).toBe(before);
  });

  it('reopens a resolved signature as INVESTIGATING, and refuses RESOLVED → NEW', async () => {
    const id = await signatureIn(SignatureStatus.RESOLVED);
    const refused = await update(id, { status: 'NEW' });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toMatch(/RESOLVED to NEW.*allowed from RESOLVED: INVESTIGATING/);
    expect(ok(await update(id, { status: 'INVESTIGATING' })).updateSignature.status).toBe('INVESTIGATING');
  });

  it('setting the status it already has changes nothing', async () => {
    const id = await signatureIn(SignatureStatus.INVESTIGATING);
    expect(ok(await update(id, { status: 'INVESTIGATING' })).updateSignature.status).toBe('INVESTIGATING');
    expect((await activity(id)).activity.totalCount).toBe(1);
  });
});

describe('assignee and notes', () => {
  it('assigns to a technician or an admin, unassigns with null or "", and keeps each change', async () => {
    const id = await newSignature();
    expect(ok(await update(id, { assigneeId: users.tom.id })).updateSignature.assignee).toEqual({ id: users.tom.id, name: 'Tom' });
    ok(await update(id, { assigneeId: users.tom.id })); // already assigned: nothing to keep
    ok(await update(id, { assigneeId: adminId }));
    expect(ok(await update(id, { assigneeId: null })).updateSignature.assignee).toBeNull();
    ok(await update(id, { assigneeId: users.tess.id }));
    expect(ok(await update(id, { assigneeId: '' })).updateSignature.assignee).toBeNull();
    const kinds = (await activity(id)).activity.edges.map((e: { node: { kind: string; assignee: { id: string } } }) => [e.node.kind, e.node.assignee.id]);
    expect(kinds).toEqual([
      ['UNASSIGNED', users.tess.id],
      ['ASSIGNED', users.tess.id],
      ['UNASSIGNED', adminId],
      ['ASSIGNED', adminId],
      ['ASSIGNED', users.tom.id],
    ]);
  });

  it.each([
    ['a vendor user', () => vendorUser.id, /VENDOR user cannot be assigned/],
    ['a revoked technician', () => users.revoked.id, /revoked/],
    ['an unknown user', () => '00000000-0000-4000-8000-000000000000', /no such user/],
    ['something that is not an id', () => 'tess@example.com', /no such user/],
  ])('refuses to assign to %s', async (_name, assigneeId, message) => {
    const id = await newSignature();
    const res = await update(id, { assigneeId: assigneeId(), note: 'not kept' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([{ path: ['input', 'assigneeId'], message: expect.stringMatching(message) }]);
    expect((await activity(id)).activity.totalCount).toBe(0);
  });

  it('keeps one change as entries of one moment, newest first, with who made it', async () => {
    const id = await newSignature();
    ok(await update(id, { status: 'INVESTIGATING', assigneeId: users.tom.id, note: '  Looks like the sprite cache.  ' }));
    const { edges } = (await activity(id)).activity;
    expect(edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ kind: 'NOTE', note: 'Looks like the sprite cache.', actor: { id: users.tess.id, name: 'Tess' } }),
      expect.objectContaining({ kind: 'ASSIGNED', assignee: { id: users.tom.id, name: 'Tom' } }),
      expect.objectContaining({ kind: 'STATUS_CHANGED', fromStatus: 'NEW', toStatus: 'INVESTIGATING', note: null }),
    ]);
    expect(new Set(edges.map((e: { node: { createdAt: string } }) => e.node.createdAt)).size).toBe(1);
  });

  it('pages the activity, newest first', async () => {
    const id = await newSignature();
    for (let n = 1; n <= 5; n += 1) ok(await update(id, { note: `note ${n}` }));
    const notes: string[] = [];
    let after: string | null = null;
    do {
      const page: { edges: { node: { note: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number } = (
        await activity(id, { first: 2, after })
      ).activity;
      expect(page.totalCount).toBe(5);
      notes.push(...page.edges.map((e) => e.node.note));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(notes).toEqual(['note 5', 'note 4', 'note 3', 'note 2', 'note 1']);
  });

  it.each([
    ['an empty change', {}, ['input']],
    ['a blank note', { note: '   ' }, ['input', 'note']],
  ])('refuses %s', async (_name, input, path) => {
    const res = await update(await newSignature(), input);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ path })]);
  });

  it('answers NOT_FOUND for a signature that does not exist', async () => {
    expect(codeOf(await update('00000000-0000-4000-8000-000000000000', { note: 'x' }))).toBe('NOT_FOUND');
    expect(codeOf(await update('nope', { note: 'x' }))).toBe('NOT_FOUND');
  });
});

describe('mute', () => {
  const MUTE_STATE = `query($id: ID!) { signature(id: $id) { mutedAt mutedUntil activity(first: 10) { totalCount edges { node { kind mutedUntil actor { name } } } } } }`;
  const state = async (id: string) => ok(await gql(server.url, users.tess.token, MUTE_STATE, { id })).signature;

  it('mutes until unmuted or until a time, replaces a mute, unmutes; each change in the activity', async () => {
    const id = await newSignature();
    ok(await update(id, { muted: true }));
    let s = await state(id);
    expect(s.mutedAt).toEqual(expect.any(String));
    expect(s.mutedUntil).toBeNull();
    // Muting again the same way changes nothing.
    ok(await update(id, { muted: true }));
    expect((await state(id)).activity.totalCount).toBe(1);
    const until = new Date(Date.now() + 3600_000).toISOString();
    ok(await update(id, { muted: true, mutedUntil: until }));
    ok(await update(id, { muted: false }));
    // Unmuting what is not muted changes nothing either.
    ok(await update(id, { muted: false }));
    s = await state(id);
    expect(s).toMatchObject({ mutedAt: null, mutedUntil: null });
    expect(s.activity.edges.map((e: any) => [e.node.kind, e.node.mutedUntil, e.node.actor.name])).toEqual([
      ['UNMUTED', null, 'Tess'],
      ['MUTED', until, 'Tess'],
      ['MUTED', null, 'Tess'],
    ]);
  });

  it('a timed mute ends by itself: it reads as none from then on, and unmuting what is left of it changes nothing', async () => {
    const id = await newSignature();
    const errorCode = `E_WORKFLOW_${faults}`;
    const MUTE = `mutation($id: ID!, $i: UpdateSignatureInput!) { updateSignature(id: $id, input: $i) { mutedAt mutedUntil } }`;
    const until = new Date(Date.now() + 1500).toISOString();
    expect(ok(await gql(server.url, users.tess.token, MUTE, { id, i: { muted: true, mutedUntil: until } })).updateSignature).toEqual({
      mutedAt: expect.any(String),
      mutedUntil: until,
    });
    // Nothing is written when the end passes; the API reads the mute as over from that instant.
    await eventually(async () => (await state(id)).mutedAt === null, 'the mute to read as ended');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    expect(await state(id)).toMatchObject({ mutedAt: null, mutedUntil: null, activity: { totalCount: 1 } });
    const listed = ok(
      await gql(server.url, users.tess.token, `query($f: SignatureFilter) { signatures(filter: $f) { edges { node { id mutedAt mutedUntil } } } }`, { f: { errorCode } }),
    ).signatures.edges.map((e: any) => e.node);
    expect(listed).toEqual([{ id, mutedAt: null, mutedUntil: null }]);

    const feed = await subscribe(server.url, users.tom.token, `subscription { signatureChanged { kind signature { id mutedAt mutedUntil } } }`);
    try {
      // Unmuting clears what is left of the ended mute, which nobody sees: no activity, no event.
      expect(ok(await gql(server.url, users.tess.token, MUTE, { id, i: { muted: false } })).updateSignature).toEqual({ mutedAt: null, mutedUntil: null });
      // A last change as a marker: an event for the unmute would have arrived before it.
      ok(await update(id, { note: 'marker' }));
      await eventually(() => feed.events.some((e) => e.signatureChanged.signature.id === id), 'the marker event');
      expect(feed.events.map((e) => e.signatureChanged).filter((e) => e.signature.id === id)).toEqual([
        { kind: 'UPDATED', signature: { id, mutedAt: null, mutedUntil: null } },
      ]);
    } finally {
      await feed.dispose();
    }
    let stored: unknown[] = [];
    await server.seed(async (c) => {
      stored = (await c.query(`SELECT muted_at, muted_until FROM fault_signature WHERE id = $1`, [id])).rows;
    });
    expect(stored).toEqual([{ muted_at: null, muted_until: null }]);
    // Muted again: a new mute, until unmuted.
    ok(await update(id, { muted: true }));
    const s = await state(id);
    expect(s).toMatchObject({ mutedAt: expect.any(String), mutedUntil: null });
    expect(s.activity.edges.map((e: any) => [e.node.kind, e.node.mutedUntil])).toEqual([
      ['MUTED', null],
      ['NOTE', null],
      ['MUTED', until],
    ]);
  });

  it.each([
    ['an end in the past', { muted: true, mutedUntil: '2020-01-01T00:00:00.000Z' }, 'mutedUntil', 'must be in the future'],
    ['an end more than a year ahead', { muted: true, mutedUntil: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 'mutedUntil', 'at most a year ahead'],
    ['an end without muted: true', { mutedUntil: new Date(Date.now() + 3600_000).toISOString() }, 'mutedUntil', 'only with muted: true'],
    ['an end with muted: false', { muted: false, mutedUntil: new Date(Date.now() + 3600_000).toISOString() }, 'mutedUntil', 'only with muted: true'],
  ])('refuses %s with MUTE_INVALID, changing nothing', async (_, input, field, message) => {
    const id = await newSignature();
    const res = await update(id, { ...input, note: 'not kept' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MUTE_INVALID', fields: [{ path: ['input', field] }] });
    expect(res.errors?.[0]?.message).toContain(message);
    expect(await state(id)).toMatchObject({ mutedAt: null, activity: { totalCount: 0 } });
  });

  it('is for staff: a vendor user and a device are refused', async () => {
    const id = await newSignature();
    expect(codeOf(await update(id, { muted: true }, vendorUser.token))).toBe('FORBIDDEN');
    expect(codeOf(await update(id, { muted: true }, device.token))).toBe('FORBIDDEN');
    expect(await state(id)).toMatchObject({ mutedAt: null, activity: { totalCount: 0 } });
  });
});

it('announces changes on signatureChanged after commit: RESOLVED when resolved, otherwise UPDATED', async () => {
  const id = await newSignature();
  const feed = await subscribe(server.url, users.tom.token, `subscription { signatureChanged { kind signature { id status } } }`);
  try {
    ok(await update(id, { assigneeId: users.tom.id }));
    ok(await update(id, { status: 'RESOLVED' }));
    expect(codeOf(await update(id, { status: 'NEW' }))).toBe('BAD_USER_INPUT');
    ok(await update(id, { status: 'RESOLVED' })); // no change, no event
    ok(await update(id, { note: 'done' }));
    // A last change as a marker: an event for the unchanged status would have arrived before it.
    ok(await update(id, { note: 'marker' }));
    const events = await feed.waitFor(4);
    expect(feed.events.map((e) => e.signatureChanged).filter((e) => e.signature.id === id)).toEqual([
      { kind: 'UPDATED', signature: { id, status: 'NEW' } },
      { kind: 'RESOLVED', signature: { id, status: 'RESOLVED' } },
      { kind: 'UPDATED', signature: { id, status: 'RESOLVED' } },
      { kind: 'UPDATED', signature: { id, status: 'RESOLVED' } },
    ]);
    expect(events).toHaveLength(4);
  } finally {
    await feed.dispose();
  }
});

it('two technicians changing the status at once: only one passes the state machine from NEW', async () => {
  for (let round = 0; round < 5; round += 1) {
    const id = await newSignature();
    const [a, b] = await Promise.all([
      update(id, { status: 'RESOLVED' }, users.tess.token),
      update(id, { status: 'IGNORED' }, users.tom.token),
    ]);
    const results = [a, b];
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.errors)!;
    expect(codeOf(loser)).toBe('BAD_USER_INPUT');
    // The loser saw the winner's status, not the NEW both started from.
    expect(loser.errors![0]!.extensions!.transition).toMatchObject({ from: winners[0]!.data!.updateSignature.status });
    const changes = (await activity(id)).activity.edges.filter((e: { node: { kind: string } }) => e.node.kind === 'STATUS_CHANGED');
    expect(changes).toHaveLength(1);
    expect(changes[0].node.fromStatus).toBe('NEW');
  }
});

it.each([
  ['a device', () => device.token, 'FORBIDDEN'],
  ['a vendor user', () => vendorUser.token, 'FORBIDDEN'],
  ['an anonymous caller', () => null, 'UNAUTHENTICATED'],
  ['a revoked technician', () => users.revoked.token, 'UNAUTHENTICATED'],
])('refuses updateSignature from %s', async (_name, token, code) => {
  const id = await newSignature();
  expect(codeOf(await gql(server.url, token(), UPDATE, { id, i: { status: 'INVESTIGATING' } }))).toBe(code);
  expect((await activity(id)).status).toBe('NEW');
});
