import { randomUUID } from 'node:crypto';
import { gql, ok, type GqlError } from './harness/client';
import { createUser, createVendorUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { openSocket, type Socket } from './harness/subscriptions';

/**
 * Who may read what, walked over the whole schema: for each role, every field of every type the
 * role can reach from the roots it may call is asked for, over HTTP and over graphql-ws, and the
 * answer must match this table. The table is written out by hand; a field the schema has and the
 * table lacks (or the reverse) fails the first test, so a new field cannot ship without a decision.
 */
type Role = 'anonymous' | 'revoked' | 'device' | 'vendor' | 'technician' | 'admin';
const ROLES: Role[] = ['anonymous', 'revoked', 'device', 'vendor', 'technician', 'admin'];
const STAFF: Role[] = ['admin', 'technician'];
const ADMIN: Role[] = ['admin'];
const USERS: Role[] = ['admin', 'technician', 'vendor'];
const DEVICE: Role[] = ['device'];
const DEVICE_AND_STAFF: Role[] = ['device', ...STAFF];

/** Every field of a type readable by the same roles. */
const all = (roles: Role[], fields: string): Record<string, Role[]> => Object.fromEntries(fields.split(' ').map((f) => [f, roles]));

const ACCESS: Record<string, Record<string, Role[]>> = {
  Query: {
    me: USERS,
    users: ADMIN,
    deviceConfig: DEVICE,
    devices: STAFF,
    device: STAFF,
    groupingRules: STAFF,
    signatures: STAFF,
    signature: STAFF,
    vendors: STAFF,
    vendorUsers: ADMIN,
    outboxEvents: ADMIN,
    outboxSummary: ADMIN,
    resolutions: STAFF,
    resolution: STAFF,
    pendingResolutions: DEVICE,
    vendorTickets: USERS,
    vendorTicket: USERS,
    previewEscalation: STAFF,
    webhookDeliveries: ADMIN,
    webhookDelivery: ADMIN,
    alertRules: STAFF,
    alertRuleDeliveries: STAFF,
    fleetStability: STAFF,
    topSignatures: STAFF,
    mappingFiles: STAFF,
  },
  Mutation: {
    revokeUser: ADMIN,
    createUser: ADMIN,
    registerDevice: STAFF,
    setReportingPolicy: STAFF,
    revokeDevice: STAFF,
    reportFault: DEVICE,
    reportFaults: DEVICE,
    createGroupingRule: ADMIN,
    setGroupingRuleEnabled: ADMIN,
    mergeSignatures: STAFF,
    deleteMappingFile: STAFF,
    regroupReports: STAFF,
    unmergeSignature: STAFF,
    updateSignature: STAFF,
    createVendor: ADMIN,
    createVendorUser: ADMIN,
    updateVendor: ADMIN,
    disableVendorUser: ADMIN,
    rotateVendorUserToken: ADMIN,
    retryOutboxEvent: ADMIN,
    createResolution: STAFF,
    updateResolution: STAFF,
    publishResolution: STAFF,
    withdrawResolution: STAFF,
    reportResolutionOutcome: DEVICE,
    checkIn: DEVICE,
    escalateSignature: STAFF,
    updateVendorTicket: USERS,
    draftResolutionFromTicket: STAFF,
    retryWebhookDelivery: ADMIN,
    createAlertRule: STAFF,
    updateAlertRule: STAFF,
    setAlertRuleEnabled: STAFF,
    deleteAlertRule: STAFF,
    testAlertRule: STAFF,
    sendTestEmail: ADMIN,
  },
  Subscription: { faultReported: STAFF, signatureChanged: STAFF, resolutionAvailable: DEVICE, resolutionWithdrawn: DEVICE, vendorTicketChanged: USERS },
  // A user reads itself (me) and other users through assignees and activity.
  User: all(USERS, 'id email name role createdAt revokedAt'),
  UserConnection: all(ADMIN, 'edges pageInfo totalCount'),
  UserEdge: all(ADMIN, 'cursor node'),
  ReportingPolicy: all(DEVICE_AND_STAFF, 'enabled minSeverity maxReportsPerHour collectStackTrace collectAttributes'),
  DeviceConnection: all(STAFF, 'edges pageInfo totalCount'),
  DeviceEdge: all(STAFF, 'cursor node'),
  // A device reaches its own Device through its reports; the lists of a device page are staff's.
  Device: {
    ...all(DEVICE_AND_STAFF, 'id serialNumber manufacturer model firmwareVersion subscriberId status policy lastSeenAt lastCheckInAt revokedAt createdAt runtime'),
    ...all(STAFF, 'recentReports signatures applications'),
  },
  InstalledApplication: all(STAFF, 'name version type vendor updatedAt'),
  Runtime: all(DEVICE_AND_STAFF, 'name version'),
  // A device reaches only its own reports (its receipts).
  FaultReport: all(DEVICE_AND_STAFF, 'id clientReportId occurredAt receivedAt errorCode severity exceptionType message stackTrace frames attributes application runtime device signature'),
  StackFrame: all(DEVICE_AND_STAFF, 'function module file line inApp contributes hint raw mapping'),
  Application: all(DEVICE_AND_STAFF, 'name version type vendor'),
  // The rest of a signature describes other devices' reports.
  FaultSignature: {
    ...all(DEVICE_AND_STAFF, 'id title status'),
    ...all(
      STAFF,
      'fingerprint groupingConfig errorCode exceptionType applicationName normalisedMessage frames components reportCount deviceCount ' +
        'firstSeenAt lastSeenAt createdAt mutedAt mutedUntil mergedInto activity assignee breakdowns reports sample occurrences resolutions vendorTickets similar allowedStatuses',
    ),
  },
  GroupingComponent: all(STAFF, 'id value contributes hint'),
  SimilarSignature: all(STAFF, 'signature score reason'),
  SignatureActivityConnection: all(STAFF, 'edges pageInfo totalCount'),
  SignatureActivityEdge: all(STAFF, 'cursor node'),
  SignatureActivity: all(STAFF, 'id kind fromStatus toStatus note version reportId mutedUntil createdAt actor assignee resolution device vendorTicket'),
  // Vendors page their tickets.
  PageInfo: all(USERS, 'hasNextPage hasPreviousPage startCursor endCursor'),
  SignatureBreakdowns: all(STAFF, 'byApplicationVersion byModel byFirmware byRuntime'),
  BreakdownEntry: all(STAFF, 'value reportCount deviceCount'),
  FaultReportConnection: all(STAFF, 'edges pageInfo totalCount'),
  FaultReportEdge: all(STAFF, 'cursor node'),
  OccurrenceBucket: all(STAFF, 'start count'),
  GroupingRule: all(STAFF, 'id kind applicationName errorCode framePattern description enabled createdAt'),
  FaultSignatureConnection: all(STAFF, 'edges pageInfo totalCount'),
  FaultSignatureEdge: all(STAFF, 'cursor node'),
  // The webhook secret has no field at all: webhookSecretSet says only whether there is one.
  Vendor: all(STAFF, 'id name webhookUrl webhookSecretSet disabled disabledAt createdAt'),
  UserRegistration: all(ADMIN, 'user token'),
  DeviceRegistration: all(STAFF, 'device token'),
  FaultReportReceipt: all(DEVICE, 'status newSignature duplicate report signature resolutions'),
  // A device sees what it needs to apply a fix; targeting, links, deliveries and statistics are staff's.
  Resolution: {
    ...all(DEVICE_AND_STAFF, 'id kind status title instructions fixVersion publishedAt withdrawnAt package'),
    ...all(STAFF, 'target signatures createdBy createdAt updatedAt deliveryStats offering effectiveness deliveries'),
  },
  ResolutionPackage: all(DEVICE_AND_STAFF, 'url sha256 sizeBytes'),
  ResolutionTarget: all(STAFF, 'manufacturer model applicationName applicationVersionRange firmwareRange'),
  ResolutionDeliveryStats: all(STAFF, 'notified downloading downloaded installing installed failed failedByResultCode'),
  ResultCodeCount: all(STAFF, 'resultCode meaning devices'),
  ResolutionEffectiveness: all(
    STAFF,
    'devicesInstalled devicesReportedAfterInstall reportsPerDayBefore reportsPerDayAfter installFailureRate failuresByResultCode dailyReports',
  ),
  DailyReports: all(STAFF, 'day reports'),
  ResolutionConnection: all(STAFF, 'edges pageInfo totalCount'),
  ResolutionEdge: all(STAFF, 'cursor node'),
  ResolutionDeliveryConnection: all(STAFF, 'edges pageInfo totalCount'),
  ResolutionDeliveryEdge: all(STAFF, 'cursor node'),
  // A device reaches its own deliveries through reportResolutionOutcome.
  ResolutionDelivery: { ...all(DEVICE_AND_STAFF, 'id state resultCode message createdAt updatedAt resolution history'), device: STAFF },
  ResolutionDeliveryEvent: all(DEVICE_AND_STAFF, 'state resultCode message createdAt'),
  DeviceCheckIn: all(DEVICE, 'policy pendingResolutions'),
  VendorUserRegistration: all(ADMIN, 'user token'),
  VendorUser: all(ADMIN, 'id email name createdAt disabled disabledAt'),
  SignatureEvent: all(STAFF, 'kind signature'),
  OutboxEventConnection: all(ADMIN, 'edges pageInfo totalCount'),
  OutboxEventEdge: all(ADMIN, 'cursor node'),
  OutboxEvent: all(ADMIN, 'id type payload attempts lastError createdAt doneAt state nextAttemptAt'),
  OutboxSummary: all(ADMIN, 'pending retrying dead done'),
  // A vendor's user reads its own tickets whole: these types hold nothing personal by construction.
  VendorTicketConnection: all(USERS, 'edges pageInfo totalCount'),
  VendorTicketEdge: all(USERS, 'cursor node'),
  VendorTicket: all(
    USERS,
    'id status title externalRef rejectReason createdAt updatedAt closedAt proposal resolutionId signatureId vendor assignee evidence thread allowedStatuses',
  ),
  VendorTicketEntry: all(USERS, 'id kind createdAt body fromStatus toStatus regression author'),
  TicketVendor: all(USERS, 'id name'),
  TicketParticipant: all(USERS, 'id name side'),
  ProposedResolution: all(USERS, 'kind title instructions fixVersion packageUrl packageSha256 packageSizeBytes proposedAt'),
  EvidenceBundle: all(
    USERS,
    'collectedAt title errorCode exceptionType applicationName frames firstSeenAt lastSeenAt reportCount deviceCount byApplicationVersion byModel byFirmware samples',
  ),
  EvidenceFrame: all(USERS, 'function module file line'),
  EvidenceCount: all(USERS, 'value reportCount deviceCount'),
  EvidenceSample: all(USERS, 'occurredAt receivedAt errorCode severity application runtime exceptionType message stackTrace attributes device'),
  EvidenceApplication: all(USERS, 'name version type vendor'),
  EvidenceRuntime: all(USERS, 'name version'),
  EvidenceDevice: all(USERS, 'pseudonym subscriberPseudonym manufacturer model firmwareVersion'),
  EscalationPreview: all(STAFF, 'vendor evidence message'),
  // Staff read the deliveries of alert rules (alertRuleDeliveries); every delivery is the admins' (webhookDeliveries).
  WebhookDeliveryConnection: all(STAFF, 'edges pageInfo totalCount'),
  WebhookDeliveryEdge: all(STAFF, 'cursor node'),
  WebhookDelivery: all(
    STAFF,
    'id channel targetKind targetId eventType url body status attempts lastStatusCode lastError lastAttemptAt deliveredAt createdAt attemptLog nextAttemptAt',
  ),
  WebhookAttempt: all(STAFF, 'attemptedAt url statusCode error durationMs'),
  AlertRule: all(STAFF, 'id name enabled cooldownMinutes createdAt updatedAt condition channels recentFirings'),
  AlertCondition: all(STAFF, 'kind applicationName minSeverity windowMinutes minReports minDevices baselineFactor failureRate minOutcomes'),
  AlertChannel: all(STAFF, 'id kind url secretSet to'),
  AlertFiring: all(STAFF, 'id signatureId reason notified firedAt'),
  StabilityRow: all(STAFF, 'value activeDevices faultyDevices faultFreeRate reports reportsPer1000Devices'),
  SignatureImpact: all(STAFF, 'signature devices reports'),
  MappingFile: all(STAFF, 'id applicationName applicationVersion kind name sizeBytes sha256 uploadedAt'),
  RegroupOutcome: all(STAFF, 'examined moved signatures'),
};

let server: TestServer;
const tokens = {} as Record<Role, string | null>;
let deviceId: string;
let signatureId: string;
let vendorId: string;
let resolutionId: string;
let ticketId: string;
let alertRuleId: string;
/** One fixed report: every walk through reportFault after the first is a DUPLICATE, storing nothing. */
const walkReport = faultInput({ clientReportId: 'access-walk', errorCode: 'E_ACCESS_WALK' });

beforeAll(async () => {
  // The revoked role's walk fails authentication once per root; the throttle (tested on its own in
  // auth-throttle.test.ts) would otherwise refuse the address before the walk ends.
  server = await TestServer.start({ FAULTBASE_AUTH_FAILURES_PER_MINUTE: '10000' });
  const device = await registerDevice(server.url, server.adminToken);
  deviceId = device.device.id;
  const staffer = await createUser(server.url, server.adminToken);
  const leaver = await createUser(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { revokeUser(id: $id) { id } }`, { id: leaver.id }));
  const vendor = await createVendorUser(server.url, server.adminToken);
  vendorId = vendor.vendorId;
  Object.assign(tokens, {
    anonymous: null,
    revoked: leaver.token,
    device: device.token,
    vendor: vendor.token,
    technician: staffer.token,
    admin: server.adminToken,
  });
  signatureId = ok(await gql(server.url, device.token, REPORT, { i: walkReport })).reportFault.signature.id;
  // Something in every list a walk opens: activity, an assignee, a grouping rule.
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!, $a: ID!) { updateSignature(id: $id, input: { status: INVESTIGATING, assigneeId: $a, note: "walk" }) { id } }`, { id: signatureId, a: staffer.id }));
  ok(await gql(server.url, server.adminToken, `mutation { createGroupingRule(input: { kind: IGNORE_FRAMES, applicationName: "NoSuchApp", framePattern: "nothing.matches.this*", description: "walk" }) { id } }`));
  // A published resolution of the walked signature: offered to the device, so it has a delivery
  // (with a step in its history) for the staff's walk and a pending resolution for the device's.
  resolutionId = ok(
    await gql(server.url, server.adminToken, `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`, {
      i: { signatureIds: [signatureId], kind: 'PATCH', title: 'Walk fix', instructions: 'walk', package: { url: 'https://example.com/p', sha256: '0'.repeat(64), sizeBytes: 1 } },
    }),
  ).createResolution.id;
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { publishResolution(id: $id) { id } }`, { id: resolutionId }));
  await eventually(async () => ok(await gql(server.url, device.token, `{ pendingResolutions { id } }`)).pendingResolutions.length === 1, 'the walk resolution offered');
  ok(await gql(server.url, device.token, `mutation($id: ID!) { reportResolutionOutcome(resolutionId: $id, input: { state: DOWNLOADING }) { id } }`, { id: resolutionId }));
  // A ticket at the walk's vendor: its user's walk reads it whole.
  ticketId = ok(
    await gql(server.url, staffer.token, `mutation($s: ID!, $v: ID!) { escalateSignature(signatureId: $s, vendorId: $v, message: "walk") { id } }`, { s: signatureId, v: vendorId }),
  ).escalateSignature.id;
  // An alert rule with a delivery (its test, by e-mail: no SMTP server here, so it fails, visibly) for the staff's walk of its log.
  alertRuleId = ok(
    await gql(server.url, server.adminToken, `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id } }`, {
      i: { name: 'Walk log', enabled: false, condition: { kind: 'REGRESSION' }, channels: [{ kind: 'EMAIL', to: ['walk@example.com'] }] },
    }),
  ).createAlertRule.id;
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { testAlertRule(id: $id) }`, { id: alertRuleId }));
});
afterAll(() => server?.stop());

interface Schema {
  types: { name: string; kind: string; fields: { name: string; type: TypeRef }[] | null }[];
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

let schema: Map<string, { name: string; type: TypeRef }[]>;

beforeAll(async () => {
  const data = ok(
    await gql(
      server.url,
      server.adminToken,
      `{ __schema { types { name kind fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`,
    ),
  ).__schema as Schema;
  schema = new Map(data.types.filter((t) => t.kind === 'OBJECT' && !t.name.startsWith('__')).map((t) => [t.name, t.fields!]));
});

it('the table names every field of every object type, and nothing else', async () => {
  const inSchema = [...schema].flatMap(([type, fields]) => fields.map((f) => `${type}.${f.name}`)).sort();
  const inTable = Object.entries(ACCESS).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`)).sort();
  expect(inTable).toEqual(inSchema);
});

const WEEK_AGO = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
const SOON = new Date(Date.now() + 3600_000).toISOString();

/** How each root field is called; a root with `walk: false` is called, but its result not walked further (it changes state). */
const ROOTS: Record<string, { args?: string; vars?: () => Record<string, unknown>; walk?: boolean }> = {
  'Query.device': { args: '(id: $id)', vars: () => ({ id: deviceId }) },
  'Query.signature': { args: '(id: $id)', vars: () => ({ id: signatureId }) },
  'Mutation.reportFault': { args: '(input: $i)', vars: () => ({ i: walkReport }) },
  'Mutation.reportFaults': { args: '(inputs: $i)', vars: () => ({ i: [walkReport] }) },
  'Mutation.registerDevice': { args: '(input: $i)', vars: () => ({ i: { serialNumber: `walk-${randomUUID()}`, manufacturer: 'Nokia', model: 'N95' } }) },
  'Mutation.createUser': { args: '(input: $i)', vars: () => ({ i: { email: `walk-${randomUUID()}@example.com`, name: 'Walk' } }) },
  'Mutation.createVendor': { args: '(input: $i)', vars: () => ({ i: { name: `Walk ${randomUUID()}` } }) },
  'Mutation.createVendorUser': {
    args: '(vendorId: $v, input: $i)',
    vars: () => ({ v: vendorId, i: { email: `walk-${randomUUID()}@example.com`, name: 'Walk' } }),
  },
  'Query.vendorUsers': { args: '(vendorId: $v)', vars: () => ({ v: vendorId }) },
  // Ids that name nothing: allowed callers get NOT_FOUND, the others are refused before that.
  'Mutation.updateVendor': { args: '(id: $id, input: { disabled: true })', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.disableVendorUser': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.rotateVendorUserToken': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.revokeUser': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.setReportingPolicy': { args: '(deviceId: $id, input: {})', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.revokeDevice': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.createGroupingRule': {
    args: '(input: $i)',
    vars: () => ({ i: { kind: 'IGNORE_FRAMES', applicationName: 'NoSuchApp', framePattern: `walk.${randomUUID()}*`, description: 'walk' } }),
    walk: false,
  },
  'Mutation.setGroupingRuleEnabled': { args: '(id: $id, enabled: true)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.mergeSignatures': { args: '(targetId: $id, sourceIds: [$v])', vars: () => ({ id: randomUUID(), v: randomUUID() }), walk: false },
  'Mutation.unmergeSignature': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.updateSignature': { args: '(id: $id, input: { note: "walk" })', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.retryOutboxEvent': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Query.resolution': { args: '(id: $id)', vars: () => ({ id: resolutionId }) },
  'Mutation.createResolution': { args: '(input: $i)', vars: () => ({ i: { signatureIds: [signatureId], kind: 'WORKAROUND', title: 'Walk', instructions: 'walk' } }) },
  'Mutation.updateResolution': { args: '(id: $id, input: { title: "walk" })', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.publishResolution': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.withdrawResolution': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.reportResolutionOutcome': { args: '(resolutionId: $id, input: { state: DOWNLOADING })', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.checkIn': { args: '(input: {})' },
  'Query.vendorTicket': { args: '(id: $id)', vars: () => ({ id: ticketId }) },
  'Query.previewEscalation': { args: '(signatureId: $id, vendorId: $v)', vars: () => ({ id: signatureId, v: vendorId }) },
  'Query.webhookDelivery': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.escalateSignature': { args: '(signatureId: $id, vendorId: $v, message: "walk")', vars: () => ({ id: randomUUID(), v: randomUUID() }), walk: false },
  'Mutation.updateVendorTicket': { args: '(id: $id, input: { comment: "walk" })', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.draftResolutionFromTicket': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.retryWebhookDelivery': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.createAlertRule': {
    args: '(input: $i)',
    vars: () => ({ i: { name: 'Walk', enabled: false, condition: { kind: 'REGRESSION' }, channels: [{ kind: 'EMAIL', to: ['walk@example.com'] }] } }),
  },
  'Mutation.updateAlertRule': {
    args: '(id: $id, input: { name: "walk", condition: { kind: REGRESSION }, channels: [{ kind: EMAIL, to: ["walk@example.com"] }] })',
    vars: () => ({ id: randomUUID() }),
    walk: false,
  },
  'Mutation.setAlertRuleEnabled': { args: '(id: $id, enabled: false)', vars: () => ({ id: randomUUID() }), walk: false },
  'Query.alertRuleDeliveries': { args: '(id: $id)', vars: () => ({ id: alertRuleId }) },
  'Mutation.deleteAlertRule': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.testAlertRule': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Mutation.deleteMappingFile': { args: '(id: $id)', vars: () => ({ id: randomUUID() }), walk: false },
  'Query.mappingFiles': { args: '(applicationName: "SpaceRacer", applicationVersion: "1.4.2")' },
  // The walk's version has no mapping files: re-grouping it moves nothing, however often it runs.
  'Mutation.regroupReports': { args: '(applicationName: "SpaceRacer", applicationVersion: "1.4.2")' },
  // No SMTP server here: the admin's e-mails are queued (and fail, visibly); the type is walked from webhookDeliveries.
  'Mutation.sendTestEmail': { args: '(to: ["walk@example.com"])', walk: false },
  // The last week up to a minute from now: the walk's own reports fall in it.
  'Query.fleetStability': { args: `(from: "${WEEK_AGO}", to: "${SOON}", groupBy: APPLICATION_VERSION, applicationName: "SpaceRacer")` },
  'Query.topSignatures': { args: `(from: "${WEEK_AGO}", to: "${SOON}", first: 5)` },
};

/** The variable declarations an operation needs: ids, or the input its root field takes. */
function declare(vars: Record<string, unknown>, rootCall: string): string {
  const decls = Object.keys(vars).map((name) => `$${name}: ${name === 'i' ? inputTypeOf(rootCall) : 'ID!'}`);
  return decls.length ? `(${decls.join(', ')})` : '';
}
const INPUT_TYPES: [RegExp, string][] = [
  [/^reportFaults\(/, '[FaultReportInput!]!'],
  [/^reportFault\(/, 'FaultReportInput!'],
  [/^registerDevice\(/, 'RegisterDeviceInput!'],
  [/^createUser\(/, 'CreateUserInput!'],
  [/^createVendor\(/, 'CreateVendorInput!'],
  [/^createVendorUser\(/, 'CreateVendorUserInput!'],
  [/^createGroupingRule\(/, 'CreateGroupingRuleInput!'],
  [/^createResolution\(/, 'CreateResolutionInput!'],
  [/^createAlertRule\(/, 'AlertRuleInput!'],
];
const inputTypeOf = (call: string) => INPUT_TYPES.find(([re]) => re.test(call))![1];

interface Step {
  field: string;
  args: string;
}

/** The operation that asks for `field` at the end of `path` (an object field with its __typename). */
function operationFor(root: 'Query' | 'Mutation', path: Step[], leaf: string, leafIsObject: boolean, vars: Record<string, unknown>) {
  const leafSelection = leafIsObject ? `${leaf} { __typename }` : leaf;
  const body = path.reduceRight((inner, step) => `${step.field}${step.args} { ${inner} }`, leafSelection);
  const rootCall = path[0] ? `${path[0].field}${path[0].args}` : leaf;
  return `${root === 'Query' ? 'query' : 'mutation'}${declare(vars, rootCall)} { ${body} }`;
}

type Runner = (query: string, vars: Record<string, unknown>) => Promise<{ data?: any; errors?: GqlError[] }>;

const DENIED = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
/** A refusal at `path` (list indices in the error's path do not count: `pendingResolutions.0.target` is `pendingResolutions.target`). */
const deniedAt = (errors: GqlError[] | undefined, path: string[]) =>
  (errors ?? []).some(
    (e) => DENIED.has(String(e.extensions?.code)) && (!e.path || e.path.filter((p) => typeof p === 'string').join('.').startsWith(path.join('.'))),
  );

/**
 * Walks what `role` can reach and returns one line per field: `Type.field: allowed|denied`, plus
 * problems (an allowed field that errs otherwise, a denied field that answers).
 */
async function walk(role: Role, run: Runner): Promise<{ seen: Map<string, 'allowed' | 'denied'>; problems: string[] }> {
  const seen = new Map<string, 'allowed' | 'denied'>();
  const problems: string[] = [];
  const queue: { root: 'Query' | 'Mutation'; path: Step[]; type: string; vars: () => Record<string, unknown> }[] = [];
  const reached = new Set<string>();
  for (const root of ['Query', 'Mutation'] as const) {
    for (const field of schema.get(root)!) {
      const key = `${root}.${field.name}`;
      const call = ROOTS[key] ?? {};
      const vars = call.vars ?? (() => ({}));
      const type = named(field.type);
      const allowed = ACCESS[root]![field.name]!.includes(role);
      const res = await run(operationFor(root, [], `${field.name}${call.args ?? ''}`, type.kind === 'OBJECT', vars()), vars());
      check(key, allowed, res, [field.name]);
      if (allowed && call.walk !== false && type.kind === 'OBJECT') queue.push({ root, path: [{ field: field.name, args: call.args ?? '' }], type: type.name!, vars });
    }
  }
  while (queue.length) {
    const { root, path, type, vars } = queue.shift()!;
    if (reached.has(type)) continue;
    reached.add(type);
    for (const field of schema.get(type)!) {
      const key = `${type}.${field.name}`;
      const fieldType = named(field.type);
      const allowed = ACCESS[type]![field.name]!.includes(role);
      const v = vars();
      const res = await run(operationFor(root, path, field.name, fieldType.kind === 'OBJECT', v), v);
      check(key, allowed, res, [...path.map((s) => s.field), field.name]);
      if (allowed && fieldType.kind === 'OBJECT' && !reached.has(fieldType.name!)) {
        queue.push({ root, path: [...path, { field: field.name, args: '' }], type: fieldType.name!, vars });
      }
    }
  }
  return { seen, problems };

  function check(key: string, allowed: boolean, res: { data?: any; errors?: GqlError[] }, path: string[]) {
    const denied = deniedAt(res.errors, path);
    seen.set(key, denied ? 'denied' : 'allowed');
    if (allowed && denied) problems.push(`${key}: refused (${JSON.stringify(res.errors)})`);
    if (!allowed && !denied) problems.push(`${key}: answered (${JSON.stringify(res.data)})`);
    const other = (res.errors ?? []).filter((e) => !DENIED.has(String(e.extensions?.code)) && e.extensions?.code !== 'NOT_FOUND');
    if (allowed && other.length) problems.push(`${key}: ${JSON.stringify(other)}`);
  }
}

/** Every root field: the walk tries each for every role. */
const ALL_ROOTS = ['Query', 'Mutation'].flatMap((root) => Object.keys(ACCESS[root]!).map((f) => `${root}.${f}`));

describe.each(['http', 'ws'] as const)('over %s', (transport) => {
  const sockets: Socket[] = [];
  afterAll(() => Promise.all(sockets.map((s) => s.dispose())));

  async function runnerFor(role: Role): Promise<Runner> {
    if (transport === 'http') return (query, vars) => gql(server.url, tokens[role], query, vars);
    const socket = await openSocket(server.url, tokens[role]);
    sockets.push(socket);
    if (!socket.acknowledged) {
      const code = await socket.closeCode();
      return async () => ({ errors: [{ message: `connection refused (${code})`, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    return async (query, vars) => {
      const op = socket.subscribe(query, vars);
      await op.ended;
      const result = op.results[0];
      return result ? { data: result.data, errors: result.errors as GqlError[] | undefined } : { errors: op.errors as GqlError[] };
    };
  }

  it.each(ROLES)('%s reads exactly what the table allows', async (role) => {
    const { seen, problems } = await walk(role, await runnerFor(role));
    expect(problems).toEqual([]);
    // Every root was tried; the walk reached beyond the roots wherever the role may go.
    expect([...seen.keys()].filter((k) => k.startsWith('Query.') || k.startsWith('Mutation.')).sort()).toEqual([...ALL_ROOTS].sort());
    const beyondRoots = [...seen].filter(([k, v]) => !/^(Query|Mutation)\./.test(k) && v === 'allowed').map(([k]) => k.split('.')[0]);
    const typesReached = new Set(beyondRoots);
    if (role === 'device') {
      expect([...typesReached].sort()).toEqual([
        'Application',
        'Device',
        'DeviceCheckIn',
        'FaultReport',
        'FaultReportReceipt',
        'FaultSignature',
        'ReportingPolicy',
        'Resolution',
        'ResolutionPackage',
        'Runtime',
        'StackFrame',
      ]);
    }
    if (role === 'vendor') {
      expect([...typesReached].sort()).toEqual([
        'EvidenceApplication', 'EvidenceBundle', 'EvidenceCount', 'EvidenceDevice', 'EvidenceFrame', 'EvidenceRuntime', 'EvidenceSample',
        'PageInfo', 'ProposedResolution', 'TicketParticipant', 'TicketVendor', 'User', 'VendorTicket', 'VendorTicketConnection',
        'VendorTicketEdge', 'VendorTicketEntry',
      ]);
    }
    if (role === 'anonymous' || role === 'revoked') expect(typesReached.size).toBe(0);
    if (role === 'admin') {
      // Everything but the roots, the subscription payload and what only devices are answered.
      const everyType = [...schema.keys()].filter((t) => !['Query', 'Mutation', 'Subscription', 'SignatureEvent', 'FaultReportReceipt', 'DeviceCheckIn'].includes(t));
      expect([...typesReached].sort()).toEqual(everyType.sort());
    }
  });
});

it('subscriptions: staff receive their events; devices and vendors are refused; no token, no connection', async () => {
  const check = async (role: Role) => {
    const socket = await openSocket(server.url, tokens[role]);
    if (!socket.acknowledged) return `closed ${await socket.closeCode()}`;
    const feed = socket.subscribe(`subscription { faultReported(filter: { errorCode: "E_ACCESS_SUB" }) { id } }`);
    const changes = socket.subscribe(`subscription { signatureChanged { kind } }`);
    const outcome = await Promise.race([
      Promise.all([feed.waitForError(), changes.waitForError()]).then(() => 'refused'),
      (async () => {
        for (let i = 0; !feed.events.length && i < 50; i++) {
          ok(await gql(server.url, tokens.device, REPORT, { i: faultInput({ errorCode: 'E_ACCESS_SUB' }) }));
          await new Promise((r) => setTimeout(r, 20));
        }
        return feed.events.length ? 'received' : 'nothing';
      })(),
    ]);
    const codes = [...feed.errors, ...changes.errors].map((e) => (e as GqlError).extensions?.code);
    await socket.dispose();
    return outcome === 'refused' ? `refused ${[...new Set(codes)].join(',')}` : outcome;
  };
  const outcomes = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await check(role)] as const)));
  expect(outcomes).toEqual({
    anonymous: 'closed 4403',
    revoked: 'closed 4403',
    device: 'refused FORBIDDEN',
    vendor: 'refused FORBIDDEN',
    technician: 'received',
    admin: 'received',
  });
});

it("a device never sees another device's message text through its receipt", async () => {
  ok(await gql(server.url, server.adminToken, `mutation { createGroupingRule(input: { kind: GROUP_TOGETHER, errorCode: "E_SHARED_SECRET", description: "one fault" }) { id } }`));
  const first = await registerDevice(server.url, server.adminToken);
  const second = await registerDevice(server.url, server.adminToken);
  const secret = faultInput({ errorCode: 'E_SHARED_SECRET', exceptionType: 'LoginError', message: 'login failed for password hunter2', stackTrace: null });
  const theirs = ok(await gql(server.url, first.token, REPORT, { i: secret })).reportFault;
  const RECEIPT = `mutation($i: FaultReportInput!) { reportFault(input: $i) { signature { id title status } } }`;
  const mine = ok(await gql(server.url, second.token, RECEIPT, { i: faultInput({ errorCode: 'E_SHARED_SECRET', exceptionType: 'LoginError', message: 'timeout', stackTrace: null }) })).reportFault;
  expect(mine.signature.id).toBe(theirs.signature.id);
  expect(mine.signature).toEqual({ id: theirs.signature.id, title: 'LoginError', status: 'NEW' });
  for (const field of ['normalisedMessage', 'components { value }', 'frames { function }', 'sample { message }']) {
    const res = await gql(server.url, second.token, `mutation($i: FaultReportInput!) { reportFault(input: $i) { signature { ${field} } } }`, { i: faultInput({ errorCode: 'E_SHARED_SECRET', stackTrace: null }) });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res)).not.toContain('hunter2');
  }
  // Staff see the title the first report gave it.
  expect(ok(await gql(server.url, server.adminToken, `query($id: ID!) { signature(id: $id) { title } }`, { id: mine.signature.id })).signature.title).toContain('hunter2');
});

it('users: admins page through them and filter by role; technicians, devices and vendor users are refused over HTTP', async () => {
  const USERS_PAGE = `query($f: UserFilter, $first: Int, $after: String) {
    users(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email role revokedAt } } }
  }`;
  const codes = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, (await gql(server.url, tokens[role], USERS_PAGE)).errors?.[0]?.extensions?.code ?? 'answered'] as const)),
  );
  expect(codes).toEqual({ anonymous: 'UNAUTHENTICATED', revoked: 'UNAUTHENTICATED', device: 'FORBIDDEN', vendor: 'FORBIDDEN', technician: 'FORBIDDEN', admin: 'answered' });

  // Staff only, a page at a time: the pages join up into the whole list, each user once.
  const staffOnly = { roles: ['ADMIN', 'TECHNICIAN'] };
  const first = ok(await gql(server.url, server.adminToken, USERS_PAGE, { f: staffOnly, first: 2 })).users;
  expect(first.edges).toHaveLength(2);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const rest = ok(await gql(server.url, server.adminToken, USERS_PAGE, { f: staffOnly, first: 100, after: first.pageInfo.endCursor })).users;
  const all = [...first.edges, ...rest.edges].map((e: { node: { id: string; role: string } }) => e.node);
  expect(all).toHaveLength(first.totalCount);
  expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
  expect(all.every((u) => u.role !== 'VENDOR')).toBe(true);
  const revoked = ok(await gql(server.url, server.adminToken, USERS_PAGE, { f: { revoked: true } })).users.edges;
  expect(revoked.length).toBeGreaterThanOrEqual(1);
  expect(revoked.every((e: { node: { revokedAt: string | null } }) => e.node.revokedAt !== null)).toBe(true);
  const vendors = ok(await gql(server.url, server.adminToken, USERS_PAGE, { f: { roles: ['VENDOR'] } })).users.edges;
  expect(vendors.map((e: { node: { role: string } }) => e.node.role)).toContain('VENDOR');
});
