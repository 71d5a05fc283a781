import { randomUUID } from 'node:crypto';
import { gql, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { subscribe, type Subscriber } from './harness/subscriptions';
import { runOperation, TRANSPORTS } from './harness/transports';
import { WebhookReceiver } from './harness/webhook-receiver';

const SECRET = 'whsec-vendor-0123456789';
const CREATE_VENDOR = `mutation($i: CreateVendorInput!) { createVendor(input: $i) { id } }`;
const UPDATE_VENDOR = `mutation($id: ID!, $i: UpdateVendorInput!) { updateVendor(id: $id, input: $i) { id disabled } }`;
const CREATE_VENDOR_USER = `mutation($v: ID!, $i: CreateVendorUserInput!) { createVendorUser(vendorId: $v, input: $i) { token user { id } } }`;
const ESCALATE = `mutation($s: ID!, $v: ID!, $m: String!) { escalateSignature(signatureId: $s, vendorId: $v, message: $m) { id status title signatureId } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateVendorTicketInput!) { updateVendorTicket(id: $id, input: $i) { id status externalRef rejectReason allowedStatuses } }`;
const DRAFT = `mutation($id: ID!) { draftResolutionFromTicket(id: $id) { id status title fixVersion package { url sha256 sizeBytes } signatures { id } } }`;
const PUBLISH = `mutation($id: ID!) { publishResolution(id: $id) { id status } }`;
const PREVIEW = `query($s: ID!, $v: ID!, $m: String) {
  previewEscalation(signatureId: $s, vendorId: $v, message: $m) { message evidence { samples { message attributes device { pseudonym subscriberPseudonym } } } }
}`;
const TICKET_SUMMARY = `query($id: ID!) { vendorTicket(id: $id) { id status thread { kind side: author { side } body fromStatus toStatus } } }`;

/** Every field a vendor's user can reach from a ticket, selected whole. */
const SAMPLE_FIELDS = `occurredAt receivedAt errorCode severity application { name version type vendor } runtime { name version }
  exceptionType message stackTrace attributes device { pseudonym subscriberPseudonym manufacturer model firmwareVersion }`;
const TICKET_FIELDS = `id status title externalRef rejectReason createdAt updatedAt closedAt resolutionId signatureId allowedStatuses
  vendor { id name } assignee { id name side }
  proposal { kind title instructions fixVersion packageUrl packageSha256 packageSizeBytes proposedAt }
  evidence {
    collectedAt title errorCode exceptionType applicationName firstSeenAt lastSeenAt reportCount deviceCount
    frames { function module file line }
    byApplicationVersion { value reportCount deviceCount } byModel { value reportCount deviceCount } byFirmware { value reportCount deviceCount }
    samples { ${SAMPLE_FIELDS} }
  }
  thread { id kind createdAt body fromStatus toStatus author { id name side } regression { ${SAMPLE_FIELDS} } }`;
const DEEP = `{ vendorTickets(first: 20) { totalCount edges { cursor node { ${TICKET_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
const ONE = `query($id: ID!) { vendorTicket(id: $id) { ${TICKET_FIELDS} } }`;

const PROPOSAL = {
  kind: 'APPLICATION_UPDATE',
  title: 'SpaceRacer 1.4.3 fixes the sprite cache',
  instructions: 'Install **1.4.3** from the store.',
  fixVersion: '1.4.3',
  package: { url: 'https://updates.example.com/spaceracer-1.4.3.jar', sha256: 'cd'.repeat(32), sizeBytes: 48213 },
};

// Personal values the devices send; none may reach a vendor.
const SERIAL_1 = `35693803${Date.now() % 10_000_000}1`;
const SERIAL_2 = `35693803${Date.now() % 10_000_000}2`;
const SUBSCRIBER = '+4915112345678';
const EMAIL = 'jane.doe@example.org';
const MSISDN = '4917612345678';
const PERSONAL = [SERIAL_1, SERIAL_2, SUBSCRIBER, EMAIL, MSISDN, '10.20.30.40'];

let server: TestServer;
let receiver: WebhookReceiver;
let tech: { token: string; id: string };
let acme: { id: string; user: string; token: string };
let globex: { id: string; user: string; token: string };
let d1: Awaited<ReturnType<typeof registerDevice>>;
let d2: Awaited<ReturnType<typeof registerDevice>>;
let signatureId: string;
let otherSignatureId: string;

async function vendor(name: string, webhook = true) {
  const input = { name: `${name} ${randomUUID().slice(0, 6)}`, ...(webhook ? { webhookUrl: receiver.url, webhookSecret: SECRET } : {}) };
  const id = ok(await gql(server.url, server.adminToken, CREATE_VENDOR, { i: input })).createVendor.id as string;
  const reg = ok(await gql(server.url, server.adminToken, CREATE_VENDOR_USER, { v: id, i: { email: `${randomUUID()}@vendor.example.com`, name: `${name} engineer` } }));
  return { id, user: reg.createVendorUser.user.id as string, token: reg.createVendorUser.token as string };
}

/** A report full of personal data: the serial and subscriber id in the text, an e-mail, an MSISDN, an IP address. */
async function report(device: typeof d1, serial: string, errorCode: string, version = '1.4.2') {
  const receipt = ok(
    await gql(server.url, device.token, REPORT, {
      i: faultInput({
        errorCode,
        // Personal data wherever a device can put text, not only in the message.
        application: { name: 'SpaceRacer', version, type: 'MIDlet', vendor: `Example Games <${EMAIL}>` },
        exceptionType: `java.lang.SecurityException: denied for ${EMAIL} on ${serial}`,
        message: `Sprite cache failed on ${serial} for ${EMAIL} (subscriber ${SUBSCRIBER}) via 10.20.30.40`,
        attributes: { msisdn: MSISDN, email: EMAIL, freeHeapBytes: 10_000, network: { operator: 'Example Mobile', ip: '10.20.30.40' } },
      }),
    }),
  ).reportFault;
  return receipt.signature.id as string;
}

const escalate = (token: string, s: string, v: string, m = `Crashes on many devices; one user (${EMAIL}) called us.`) =>
  gql(server.url, token, ESCALATE, { s, v, m });
const update = (token: string, id: string, i: Record<string, unknown>) => gql(server.url, token, UPDATE, { id, i });
const thread = async (token: string, id: string) => ok(await gql(server.url, token, TICKET_SUMMARY, { id })).vendorTicket;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  server = await TestServer.start({ FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true', FAULTBASE_OUTBOX_POLL_MS: '100' });
  tech = await createUser(server.url, server.adminToken);
  acme = await vendor('Acme');
  globex = await vendor('Globex');
  d1 = await registerDevice(server.url, server.adminToken, { serialNumber: SERIAL_1, subscriberId: SUBSCRIBER });
  d2 = await registerDevice(server.url, server.adminToken, { serialNumber: SERIAL_2 });
  signatureId = await report(d1, SERIAL_1, 'E_SPRITE_CACHE');
  await report(d2, SERIAL_2, 'E_SPRITE_CACHE');
  otherSignatureId = await report(d1, SERIAL_1, 'E_OTHER_FAULT');
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

describe('the loop from escalation to a proposed fix, a publication and a regression', () => {
  let ticketId: string;
  type Feed = { vendorTicketChanged: { id: string; status: string } };
  let acmeFeed: Subscriber<Feed>;
  let globexFeed: Subscriber<Feed>;
  let staffFeed: Subscriber<Feed>;

  beforeAll(async () => {
    const q = `subscription { vendorTicketChanged { id status } }`;
    [acmeFeed, globexFeed, staffFeed] = await Promise.all([subscribe<Feed>(server.url, acme.token, q), subscribe<Feed>(server.url, globex.token, q), subscribe<Feed>(server.url, tech.token, q)]);
  });
  afterAll(async () => Promise.all([acmeFeed, globexFeed, staffFeed].map((s) => s?.dispose())));

  it('previews exactly what escalation sends, without changing anything', async () => {
    const preview = ok(await gql(server.url, tech.token, PREVIEW, { s: signatureId, v: acme.id, m: `Call ${SUBSCRIBER}` })).previewEscalation;
    // The subscriber's number is one the samples know: it becomes their subscriber's pseudonym.
    expect(preview.message).toMatch(/^Call sub-[a-z2-7]{16}$/);
    expect(preview.evidence.samples).toHaveLength(2);
    const text = JSON.stringify(preview);
    for (const value of PERSONAL) expect(text).not.toContain(value);
    const status = ok(await gql(server.url, tech.token, `query($id: ID!) { signature(id: $id) { status vendorTickets { id } } }`, { id: signatureId })).signature;
    expect(status).toEqual({ status: 'NEW', vendorTickets: [] });
  });

  it('opens a ticket, moves the signature to ESCALATED, tells the vendor live and by webhook', async () => {
    const ticket = ok(await escalate(tech.token, signatureId, acme.id)).escalateSignature;
    ticketId = ticket.id;
    expect(ticket).toMatchObject({ status: 'OPEN', signatureId });
    const sig = ok(
      await gql(server.url, tech.token, `query($id: ID!) { signature(id: $id) { status vendorTickets { id } activity(first: 5) { edges { node { kind toStatus note vendorTicket { id } } } } } }`, { id: signatureId }),
    ).signature;
    expect(sig.status).toBe('ESCALATED');
    expect(sig.vendorTickets).toEqual([{ id: ticketId }]);
    expect(sig.activity.edges[0].node).toMatchObject({ kind: 'ESCALATED', toStatus: 'ESCALATED', vendorTicket: { id: ticketId } });
    expect((await acmeFeed.waitFor(1))[0]!.vendorTicketChanged).toEqual({ id: ticketId, status: 'OPEN' });
    await staffFeed.waitFor(1);
    const hook = await receiver.waitFor((r) => r.body.type === 'vendor_ticket.created' && r.body.data.ticket.id === ticketId, 'vendor_ticket.created');
    expect(hook.body.data.change.comment).toBe('Crashes on many devices; one user ([email]) called us.');
  });

  it('adds a second escalation to the open ticket instead of opening another', async () => {
    const again = ok(await escalate(tech.token, signatureId, acme.id, 'It is getting worse.')).escalateSignature;
    expect(again.id).toBe(ticketId);
    const t = await thread(acme.token, ticketId);
    expect(t.thread.map((e: any) => e.kind)).toEqual(['ESCALATED', 'COMMENT']);
    expect(t.thread[1].body).toBe('It is getting worse.');
  });

  it('lets the vendor work it through to a proposal, which technicians turn into a draft', async () => {
    expect(ok(await update(acme.token, ticketId, { status: 'ACKNOWLEDGED', externalRef: 'ACME-4711' })).updateVendorTicket).toMatchObject({
      status: 'ACKNOWLEDGED',
      externalRef: 'ACME-4711',
      allowedStatuses: ['IN_PROGRESS', 'SOLUTION_PROPOSED', 'REJECTED'],
    });
    ok(await update(acme.token, ticketId, { status: 'IN_PROGRESS', comment: 'Reproduced on the N95.' }));
    ok(await update(acme.token, ticketId, { status: 'SOLUTION_PROPOSED', proposal: PROPOSAL }));
    const draft = ok(await gql(server.url, tech.token, DRAFT, { id: ticketId })).draftResolutionFromTicket;
    expect(draft).toMatchObject({ status: 'DRAFT', title: PROPOSAL.title, fixVersion: '1.4.3', package: PROPOSAL.package, signatures: [{ id: signatureId }] });
    const refused = await gql(server.url, tech.token, DRAFT, { id: ticketId });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESOLUTION_ALREADY_DRAFTED', resolutionId: draft.id });

    // Publishing it closes the ticket and the vendor hears it.
    ok(await gql(server.url, tech.token, PUBLISH, { id: draft.id }));
    await eventually(async () => (await thread(acme.token, ticketId)).status === 'CLOSED', 'the ticket to close');
    const t = await thread(acme.token, ticketId);
    expect(t.thread.map((e: any) => e.kind)).toEqual([
      'ESCALATED', 'COMMENT', 'STATUS_CHANGED', 'EXTERNAL_REF_SET', 'STATUS_CHANGED', 'COMMENT', 'STATUS_CHANGED', 'SOLUTION_PROPOSED',
      'RESOLUTION_DRAFTED', 'RESOLUTION_PUBLISHED', 'STATUS_CHANGED',
    ]);
    expect(t.thread.at(-1)).toMatchObject({ side: { side: 'SYSTEM' }, fromStatus: 'SOLUTION_PROPOSED', toStatus: 'CLOSED' });
    await receiver.waitFor((r) => r.body.data.ticket?.id === ticketId && r.body.data.change.status?.to === 'CLOSED', 'vendor_ticket.updated (CLOSED)');
  });

  it('reopens the closed ticket when the fault regresses, with the evidence pseudonymised, and the vendor hears it', async () => {
    const before = acmeFeed.events.length;
    await report(d2, SERIAL_2, 'E_SPRITE_CACHE', '1.4.3'); // at the fix version: the fix did not work
    await eventually(async () => (await thread(acme.token, ticketId)).status === 'OPEN', 'the ticket to reopen');
    const reopened = ok(await gql(server.url, acme.token, ONE, { id: ticketId })).vendorTicket;
    const entry = reopened.thread.at(-1);
    expect(entry).toMatchObject({ kind: 'REOPENED', fromStatus: 'CLOSED', toStatus: 'OPEN', author: { side: 'SYSTEM', name: 'faultbase' } });
    expect(entry.regression.application.version).toBe('1.4.3');
    expect(entry.regression.device.pseudonym).toMatch(/^dev-/);
    for (const value of PERSONAL) expect(JSON.stringify(reopened)).not.toContain(value);
    await acmeFeed.waitFor(before + 1);
    await receiver.waitFor((r) => r.body.data.ticket?.id === ticketId && r.body.data.change.kinds?.includes('REOPENED'), 'vendor_ticket.updated (REOPENED)');
    // A new round: the vendor proposes again, technicians draft again.
    expect(reopened).toMatchObject({ proposal: null, resolutionId: null });
    ok(await update(acme.token, ticketId, { status: 'SOLUTION_PROPOSED', proposal: { ...PROPOSAL, fixVersion: '1.4.4' } }));
    expect(ok(await gql(server.url, tech.token, DRAFT, { id: ticketId })).draftResolutionFromTicket.fixVersion).toBe('1.4.4');
  });

  it('Globex heard nothing of Acme\'s ticket: its own escalation is the first event it gets', async () => {
    const marker = ok(await escalate(tech.token, otherSignatureId, globex.id)).escalateSignature;
    const [first] = await globexFeed.waitFor(1);
    expect(first!.vendorTicketChanged.id).toBe(marker.id);
  });
});

describe('what a vendor can reach', () => {
  it('a deep query over every field a vendor can select shows no personal value and no other vendor\'s ticket', async () => {
    const acmeTickets = ok(await escalate(tech.token, otherSignatureId, acme.id)).escalateSignature;
    const globexView = ok(await gql(server.url, globex.token, DEEP));
    const acmeView = ok(await gql(server.url, acme.token, DEEP));
    const acmeIds = acmeView.vendorTickets.edges.map((e: any) => e.node.id);
    const globexIds = globexView.vendorTickets.edges.map((e: any) => e.node.id);
    expect(acmeIds).toContain(acmeTickets.id);
    expect(acmeIds.some((id: string) => globexIds.includes(id))).toBe(false);
    for (const view of [globexView, acmeView]) {
      const text = JSON.stringify(view);
      for (const value of [...PERSONAL, d1.device.id, d2.device.id]) expect(text).not.toContain(value);
    }
    expect(JSON.stringify(globexView)).not.toContain(acme.id);
    expect(JSON.stringify(acmeView)).not.toContain(globex.id);
    const samples = acmeView.vendorTickets.edges.flatMap((e: any) => e.node.evidence.samples);
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.attributes.msisdn).toBe('[redacted]');
      expect(s.attributes.email).toBe('[redacted]');
      expect(s.attributes.freeHeapBytes).toBe(10_000);
      expect(s.message).not.toContain('@');
    }
  });

  it('pseudonyms are stable within a vendor and differ between vendors', async () => {
    const pseudonymsOf = async (token: string) => {
      const view = ok(await gql(server.url, token, DEEP));
      return view.vendorTickets.edges.flatMap((e: any) => e.node.evidence.samples.map((s: any) => [s.device.model, s.device.pseudonym, s.device.subscriberPseudonym, e.node.id]));
    };
    const acmeSeen: [string, string, string | null, string][] = await pseudonymsOf(acme.token);
    const globexSeen: [string, string, string | null, string][] = await pseudonymsOf(globex.token);
    // d1 is in two Acme tickets (two signatures) with one pseudonym, and its subscriber too.
    const d1AtAcme = acmeSeen.filter(([, , subscriber]) => subscriber !== null);
    expect(new Set(d1AtAcme.map(([, p]) => p)).size).toBe(1);
    expect(new Set(d1AtAcme.map(([, , , ticket]) => ticket)).size).toBe(2);
    const d1AtGlobex = globexSeen.filter(([, , subscriber]) => subscriber !== null);
    expect(d1AtGlobex.length).toBe(1);
    expect(d1AtGlobex[0]![1]).not.toBe(d1AtAcme[0]![1]);
    expect(d1AtGlobex[0]![2]).not.toBe(d1AtAcme[0]![2]);
  });

  it("another vendor's ticket is NOT_FOUND, to read and to change, on both transports; nothing changes", async () => {
    const [acmeTicket] = ok(await gql(server.url, acme.token, `{ vendorTickets(first: 1) { edges { node { id } } } }`)).vendorTickets.edges.map((e: any) => e.node.id);
    const before = await thread(acme.token, acmeTicket);
    for (const transport of TRANSPORTS) {
      const read = await runOperation(transport, server.url, globex.token, ONE, { id: acmeTicket });
      expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'VENDOR_TICKET_NOT_FOUND' });
      const change = await runOperation(transport, server.url, globex.token, UPDATE, { id: acmeTicket, i: { comment: 'mine now' } });
      expect(change.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'VENDOR_TICKET_NOT_FOUND' });
      // The same answer as for a ticket that does not exist: nothing says it does.
      const unknown = randomUUID();
      const missing = await runOperation(transport, server.url, globex.token, ONE, { id: unknown });
      expect(read.errors?.[0]?.message).toBe(`Vendor ticket ${acmeTicket} was not found.`);
      expect(missing.errors?.[0]?.message).toBe(`Vendor ticket ${unknown} was not found.`);
      expect(read.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
    }
    expect(await thread(acme.token, acmeTicket)).toEqual(before);
  });

  it('the vendor-facing types lead to no device, report, signature, user or vendor type', async () => {
    const { data } = await gql(server.url, tech.token, `{ __schema { types { name kind fields { name type { ...T } } } } }
      fragment T on __Type { name kind ofType { name kind ofType { name kind ofType { name kind } } } }`);
    const types = new Map<string, { fields: { type: any }[] | null }>(data!.__schema.types.map((t: any) => [t.name, t]));
    const named = (t: any): string => (t.ofType ? named(t.ofType) : t.name);
    const reachable = new Set<string>();
    const walk = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      for (const f of types.get(name)?.fields ?? []) walk(named(f.type));
    };
    walk('VendorTicket');
    walk('VendorTicketConnection');
    for (const forbidden of ['Device', 'FaultReport', 'FaultSignature', 'User', 'Vendor', 'VendorUser', 'Resolution']) expect(reachable).not.toContain(forbidden);
  });
});

describe('bad input and denials', () => {
  let ticketId: string;
  beforeAll(async () => {
    const s = await report(d1, SERIAL_1, `E_DENIALS_${randomUUID().slice(0, 6)}`);
    ticketId = ok(await escalate(tech.token, s, acme.id)).escalateSignature.id;
  });

  it('refuses escalating a missing signature, to a missing or disabled vendor', async () => {
    expect((await escalate(tech.token, randomUUID(), acme.id)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ESCALATION_SIGNATURE_NOT_FOUND' });
    expect((await escalate(tech.token, signatureId, randomUUID())).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ESCALATION_VENDOR_NOT_FOUND' });
    const off = await vendor('Initech', false);
    ok(await gql(server.url, server.adminToken, UPDATE_VENDOR, { id: off.id, i: { disabled: true } }));
    expect((await escalate(tech.token, signatureId, off.id)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VENDOR_DISABLED' });
    expect((await escalate(tech.token, signatureId, acme.id, '   ')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TICKET_INPUT_INVALID' });
    const tickets = ok(await gql(server.url, server.adminToken, `query($v: ID!) { vendorTickets(filter: { vendorId: $v }) { totalCount } }`, { v: off.id })).vendorTickets;
    expect(tickets.totalCount).toBe(0);
  });

  it('refuses staff operations to devices and vendors, on both transports', async () => {
    for (const transport of TRANSPORTS) {
      for (const token of [d1.token, acme.token]) {
        const res = await runOperation(transport, server.url, token, ESCALATE, { s: signatureId, v: acme.id, m: 'x' });
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const draft = await runOperation(transport, server.url, token, DRAFT, { id: ticketId });
        expect(draft.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const device = await runOperation(transport, server.url, d1.token, `{ vendorTickets { totalCount } }`);
      expect(device.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('replaces a device a technician names in a comment by its pseudonym, even a serial number no rule recognises', async () => {
    const serial = `R58M${randomUUID().slice(0, 7).toUpperCase()}`;
    const named = await registerDevice(server.url, server.adminToken, { serialNumber: serial });
    ok(await update(tech.token, ticketId, { comment: `Device ${serial} (${named.device.model}) crashes at start.` }));
    const t = await thread(acme.token, ticketId);
    expect(t.thread.at(-1).body).toMatch(/^Device dev-[a-z2-7]{16} \(N95\) crashes at start\.$/);
    expect(JSON.stringify(t)).not.toContain(serial);
  });

  it('refuses a comment of nothing but control characters', async () => {
    const before = await thread(acme.token, ticketId);
    expect((await update(acme.token, ticketId, { comment: '\u0007\u0008' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await thread(acme.token, ticketId)).toEqual(before);
  });

  it('refuses to reopen a ticket while another of the same fault and vendor is open', async () => {
    const s = await report(d1, SERIAL_1, `E_REOPEN_${randomUUID().slice(0, 6)}`);
    const first = ok(await escalate(tech.token, s, acme.id)).escalateSignature.id;
    ok(await update(acme.token, first, { status: 'REJECTED', rejectReason: 'Not ours.' }));
    const second = ok(await escalate(tech.token, s, acme.id, 'Please look again.')).escalateSignature.id;
    expect(second).not.toBe(first);
    const res = await update(tech.token, first, { status: 'OPEN' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNFINISHED_TICKET_EXISTS', ticketId: second });
    expect((await thread(tech.token, first)).status).toBe('REJECTED');
  });

  it('keeps a RESOLVED signature RESOLVED when it is escalated (ingest still watches it for regressions)', async () => {
    const s = await report(d1, SERIAL_1, `E_RESOLVED_${randomUUID().slice(0, 6)}`);
    ok(await gql(server.url, tech.token, `mutation($id: ID!) { updateSignature(id: $id, input: { status: RESOLVED }) { id } }`, { id: s }));
    ok(await escalate(tech.token, s, globex.id));
    const sig = ok(await gql(server.url, tech.token, `query($id: ID!) { signature(id: $id) { status activity(first: 1) { edges { node { kind fromStatus toStatus } } } } }`, { id: s })).signature;
    expect(sig.status).toBe('RESOLVED');
    expect(sig.activity.edges[0].node).toEqual({ kind: 'ESCALATED', fromStatus: null, toStatus: null });
  });

  it('moves tickets to the target when their signature is merged', async () => {
    const source = await report(d1, SERIAL_1, `E_MERGE_SRC_${randomUUID().slice(0, 6)}`);
    const target = await report(d1, SERIAL_1, `E_MERGE_DST_${randomUUID().slice(0, 6)}`);
    const ticket = ok(await escalate(tech.token, source, globex.id)).escalateSignature.id;
    ok(await gql(server.url, tech.token, `mutation($t: ID!, $s: [ID!]!) { mergeSignatures(targetId: $t, sourceIds: $s) { id } }`, { t: target, s: [source] }));
    await eventually(async () => ok(await gql(server.url, tech.token, ONE, { id: ticket })).vendorTicket.signatureId === target, 'the ticket to follow the merge');
    const onTarget = ok(await gql(server.url, tech.token, `query($id: ID!) { signature(id: $id) { vendorTickets { id } } }`, { id: target })).signature;
    expect(onTarget.vendorTickets).toEqual([{ id: ticket }]);
  });

  it('refuses the ticket feed to devices (graphql-ws refuses what HTTP refuses)', async () => {
    const feed = await subscribe(server.url, d1.token, `subscription { vendorTicketChanged { id } }`);
    const errors = (await feed.waitForError()) as { extensions?: { code?: string } }[];
    expect(errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await feed.dispose();
  });

  it('refuses impossible moves, with the allowed ones, and bad comments; nothing changes', async () => {
    const before = await thread(acme.token, ticketId);
    const close = await update(acme.token, ticketId, { status: 'CLOSED', comment: 'done?' });
    expect(close.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TICKET_TRANSITION_NOT_ALLOWED',
      from: 'OPEN',
      to: 'CLOSED',
      allowed: ['ACKNOWLEDGED', 'IN_PROGRESS', 'SOLUTION_PROPOSED', 'REJECTED'],
    });
    const staffMove = await update(tech.token, ticketId, { status: 'ACKNOWLEDGED' });
    expect(staffMove.errors?.[0]?.extensions).toMatchObject({ reason: 'TICKET_TRANSITION_NOT_ALLOWED', allowed: ['CLOSED'] });
    expect((await update(acme.token, ticketId, { status: 'REJECTED' })).errors?.[0]?.extensions).toMatchObject({ reason: 'TICKET_INPUT_INVALID' });
    expect((await update(acme.token, ticketId, { comment: '  ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await update(acme.token, ticketId, { comment: 'x'.repeat(10_001) })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await update(acme.token, ticketId, { proposal: PROPOSAL })).errors?.[0]?.extensions).toMatchObject({ reason: 'TICKET_INPUT_INVALID' });
    expect((await update(acme.token, ticketId, { assigneeId: tech.id })).errors?.[0]?.extensions).toMatchObject({ reason: 'TICKET_INPUT_INVALID' });
    expect((await update(tech.token, ticketId, {})).errors?.[0]?.extensions).toMatchObject({ reason: 'NOTHING_TO_CHANGE' });
    expect(await thread(acme.token, ticketId)).toEqual(before);

    // A rejection with its reason is the vendor's to make; staff reopen it.
    expect(ok(await update(acme.token, ticketId, { status: 'REJECTED', rejectReason: 'Not our component.' })).updateVendorTicket).toMatchObject({
      status: 'REJECTED',
      rejectReason: 'Not our component.',
    });
    expect(ok(await update(tech.token, ticketId, { status: 'OPEN', comment: 'It is: see frame 2.' })).updateVendorTicket).toMatchObject({ status: 'OPEN', rejectReason: null });
  });
});
