import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { codeOf, gql, ok, type GqlError, type GqlResponse } from './harness/client';
import { createUser, registerDevice } from './harness/factories';
import { TestServer } from './harness/server';
import { openSocket } from './harness/subscriptions';
import { runOperation, TRANSPORTS } from './harness/transports';

/** Every field of Vendor: whatever is asked, the secret must not come back. */
const VENDOR = 'id name webhookUrl webhookSecretSet disabled disabledAt createdAt';
const VENDOR_USER = 'id email name createdAt disabled disabledAt';
const CREATE = `mutation($i: CreateVendorInput!) { createVendor(input: $i) { ${VENDOR} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateVendorInput!) { updateVendor(id: $id, input: $i) { ${VENDOR} } }`;
const VENDORS = `{ vendors { ${VENDOR} } }`;
const VENDOR_USERS = `query($v: ID!) { vendorUsers(vendorId: $v) { ${VENDOR_USER} } }`;
const ADD_USER = `mutation($v: ID!, $i: CreateVendorUserInput!) { createVendorUser(vendorId: $v, input: $i) { token user { ${VENDOR_USER} } } }`;
const DISABLE_USER = `mutation($id: ID!) { disableVendorUser(id: $id) { ${VENDOR_USER} } }`;
const ROTATE = `mutation($id: ID!) { rotateVendorUserToken(id: $id) { token user { ${VENDOR_USER} } } }`;
const ME = `{ me { id } }`;

interface Vendor {
  id: string;
  name: string;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

/** A public address, so that the default policy (private targets refused) accepts it without DNS. */
const PUBLIC_URL = 'https://93.184.215.14/hooks/faultbase';
const newSecret = () => `whsec_${randomBytes(16).toString('hex')}`;
let names = 0;
const uniqueName = (what: string) => `${what} ${process.pid}-${++names}`;

/** The response must not carry any of the secrets, wherever in it. */
function expectNoSecret(res: unknown, ...secrets: string[]) {
  const text = JSON.stringify(res);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Refused with these extensions; every root field here is non-null, so there is no data at all. */
const expectRefused = (res: GqlResponse, extensions: Record<string, unknown>) => {
  expect(res.errors?.[0]?.extensions).toMatchObject(extensions);
  expect(res.data ?? null).toBeNull();
};

describe('vendor administration', () => {
  let server: TestServer;
  let technician: { id: string; token: string };
  let device: string;

  beforeAll(async () => {
    // Tokens of disabled vendors and users are refused on purpose here, from one address; the
    // throttle of failed authentications (auth-throttle.test.ts) would otherwise step in. Each
    // check over graphql-ws opens a connection of its own, one after another: the cap on a caller's
    // connections (websocket.test.ts) is raised so that a close still on its way does not count.
    server = await TestServer.start({ FAULTBASE_AUTH_FAILURES_PER_MINUTE: '10000', FAULTBASE_WS_MAX_CONNECTIONS: '100' });
    technician = await createUser(server.url, server.adminToken);
    device = (await registerDevice(server.url, server.adminToken)).token;
  });
  afterAll(() => server?.stop());

  const admin = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, server.adminToken, query, variables);

  async function addVendor(input: Record<string, unknown> = {}): Promise<Vendor> {
    return ok(await admin(CREATE, { i: { name: uniqueName('Vendor'), ...input } })).createVendor;
  }

  async function addUser(vendorId: string): Promise<{ id: string; token: string }> {
    const n = ++names;
    const added = ok(await admin(ADD_USER, { v: vendorId, i: { email: `vendor-user-${process.pid}-${n}@example.com`, name: `Vendor user ${n}` } })).createVendorUser;
    return { id: added.user.id, token: added.token };
  }

  /** The vendor as `vendors` lists it now. */
  async function readVendor(id: string): Promise<Vendor | undefined> {
    return (ok(await admin(VENDORS)).vendors as Vendor[]).find((v) => v.id === id);
  }

  const vendorNames = async () => (ok(await admin(VENDORS)).vendors as Vendor[]).map((v) => v.name);
  const usersOf = async (vendorId: string) => ok(await admin(VENDOR_USERS, { v: vendorId })).vendorUsers as { id: string; disabled: boolean; disabledAt: string | null }[];

  /** The secret as stored (PostgreSQL only: the embedded database's folder belongs to the running server). */
  async function storedSecret(id: string): Promise<string | null | undefined> {
    if (!server.databaseUrl) return undefined;
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query(`SELECT webhook_secret FROM vendor WHERE id = $1`, [id])).rows[0]?.webhook_secret;
    } finally {
      await client.end();
    }
  }

  /** Whether the token gets in, over HTTP and over a new graphql-ws connection. */
  async function access(token: string): Promise<{ http: string; ws: string }> {
    const outcome = (res: { errors?: GqlError[] }) => {
      const [error] = res.errors ?? [];
      if (!error) return 'ok';
      return error.extensions?.closeCode ? `closed ${String(error.extensions.closeCode)}` : String(error.extensions?.code);
    };
    return { http: outcome(await gql(server.url, token, ME)), ws: outcome(await runOperation('ws', server.url, token, ME)) };
  }
  const ALLOWED = { http: 'ok', ws: 'ok' };
  const REFUSED = { http: 'UNAUTHENTICATED', ws: 'closed 4403' };

  /** An open graphql-ws connection of the token's user, proven to work. */
  async function openConnection(token: string) {
    const socket = await openSocket(server.url, token);
    expect(socket.acknowledged).toBe(true);
    const op = socket.subscribe(ME);
    await op.ended;
    expect(op.errors).toEqual([]);
    expect(op.events).toHaveLength(1);
    return socket;
  }

  describe('webhook secret', () => {
    it('createVendor stores the secret as given and never shows it back: webhookSecretSet says it is there', async () => {
      const secret = newSecret();
      const res = await admin(CREATE, { i: { name: uniqueName('Signed'), webhookUrl: PUBLIC_URL, webhookSecret: secret } });
      expectNoSecret(res, secret);
      const vendor = ok(res).createVendor as Vendor;
      expect(vendor).toMatchObject({ webhookUrl: PUBLIC_URL, webhookSecretSet: true, disabled: false, disabledAt: null });

      const list = await admin(VENDORS);
      expectNoSecret(list, secret);
      expect(await readVendor(vendor.id)).toEqual(vendor);
      const overWs = await runOperation('ws', server.url, server.adminToken, VENDORS);
      expectNoSecret(overWs, secret);
      expect(overWs.data!.vendors).toContainEqual(vendor);
      // Technicians list vendors too.
      expectNoSecret(await gql(server.url, technician.token, VENDORS), secret);
      // Kept as given, to sign deliveries with.
      const stored = await storedSecret(vendor.id);
      if (stored !== undefined) expect(stored).toBe(secret);
    });

    it('a URL without a secret and a secret without a URL are both accepted', async () => {
      expect(await addVendor({ webhookUrl: PUBLIC_URL })).toMatchObject({ webhookUrl: PUBLIC_URL, webhookSecretSet: false });
      const secret = newSecret();
      const res = await admin(CREATE, { i: { name: uniqueName('Secret only'), webhookSecret: secret } });
      expectNoSecret(res, secret);
      expect(ok(res).createVendor).toMatchObject({ webhookUrl: null, webhookSecretSet: true });
      expect(await addVendor()).toMatchObject({ webhookUrl: null, webhookSecretSet: false });
    });

    it.each([
      ['a secret of 15 characters', { webhookSecret: 'x'.repeat(15) }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookSecret'] }] }],
      ['a secret of 201 characters', { webhookSecret: 'x'.repeat(201) }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookSecret'] }] }],
      ['an ftp URL', { webhookUrl: 'ftp://93.184.215.14/hook' }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookUrl'] }] }],
      ['a URL that is not one', { webhookUrl: 'not a url' }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookUrl'] }] }],
      ['a private URL', { webhookUrl: 'http://10.1.2.3/hook' }, { code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_NOT_ALLOWED', fields: [{ path: ['input', 'webhookUrl'] }] }],
      ['a loopback URL', { webhookUrl: 'http://127.0.0.1:8080/hook' }, { code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_NOT_ALLOWED' }],
    ])('createVendor refuses %s, and stores nothing', async (_what, input, extensions) => {
      const name = uniqueName('Refused');
      const secret = newSecret();
      const res = await admin(CREATE, { i: { name, webhookSecret: secret, ...input } });
      expectRefused(res, extensions);
      expectNoSecret(res, secret, 'x'.repeat(15));
      expect(await vendorNames()).not.toContain(name);
    });
  });

  describe('updateVendor', () => {
    it('changes only the fields given; null removes the URL or the secret', async () => {
      const [first, second] = [newSecret(), newSecret()];
      const vendor = await addVendor({ webhookUrl: PUBLIC_URL, webhookSecret: first });
      const update = async (input: Record<string, unknown>) => {
        const res = await admin(UPDATE, { id: vendor.id, i: input });
        expectNoSecret(res, first, second);
        const updated = ok(res).updateVendor as Vendor;
        expect(await readVendor(vendor.id)).toEqual(updated);
        return updated;
      };

      const renamed = await update({ name: '  Renamed Vendor  ' });
      expect(renamed).toEqual({ ...vendor, name: 'Renamed Vendor' });

      expect(await update({ webhookSecret: second })).toEqual(renamed);
      if ((await storedSecret(vendor.id)) !== undefined) expect(await storedSecret(vendor.id)).toBe(second);

      const otherUrl = 'https://93.184.215.14/other';
      expect(await update({ webhookUrl: otherUrl })).toEqual({ ...renamed, webhookUrl: otherUrl });
      expect(await update({ webhookUrl: null })).toEqual({ ...renamed, webhookUrl: null, webhookSecretSet: true });
      if ((await storedSecret(vendor.id)) !== undefined) expect(await storedSecret(vendor.id)).toBe(second);
      expect(await update({ webhookSecret: null })).toEqual({ ...renamed, webhookUrl: null, webhookSecretSet: false });
      if ((await storedSecret(vendor.id)) !== undefined) expect(await storedSecret(vendor.id)).toBeNull();
      expect(await update({})).toEqual({ ...renamed, webhookUrl: null, webhookSecretSet: false });
      expect(await update({ webhookUrl: PUBLIC_URL, webhookSecret: first })).toEqual({ ...renamed, webhookSecretSet: true });
    });

    it('refuses bad input, a private URL, a taken name and an unknown id, and changes nothing', async () => {
      const secret = newSecret();
      const vendor = await addVendor({ webhookUrl: PUBLIC_URL, webhookSecret: secret });
      const user = await addUser(vendor.id);
      const other = await addVendor();
      // Every refused change also asks to disable the vendor and to rename it: neither may happen.
      const cases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
        ['a short secret', vendor.id, { webhookSecret: 'too-short' }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookSecret'] }] }],
        ['an ftp URL', vendor.id, { webhookUrl: 'ftp://93.184.215.14/x' }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'webhookUrl'] }] }],
        ['a private URL', vendor.id, { webhookUrl: 'http://192.168.0.10/hook' }, { code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_NOT_ALLOWED' }],
        ['the metadata service', vendor.id, { webhookUrl: 'http://169.254.169.254/latest/meta-data/' }, { code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_NOT_ALLOWED' }],
        ['a blank name', vendor.id, { name: '   ' }, { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'name'] }] }],
        ["another vendor's name", vendor.id, { name: other.name }, { code: 'CONFLICT', reason: 'VENDOR_NAME_TAKEN' }],
        ['an unknown id', randomUUID(), {}, { code: 'NOT_FOUND', reason: 'VENDOR_NOT_FOUND' }],
        ['an id that is no id', 'vendor-1', {}, { code: 'NOT_FOUND', reason: 'VENDOR_NOT_FOUND' }],
      ];
      for (const [what, id, input, extensions] of cases) {
        const res = await admin(UPDATE, { id, i: { name: uniqueName('Never'), disabled: true, webhookSecret: newSecret(), ...input } });
        try {
          expectRefused(res, extensions);
        } catch (err) {
          throw new Error(`${what}: ${(err as Error).message}`);
        }
        expectNoSecret(res, secret);
        expect([what, await readVendor(vendor.id)]).toEqual([what, vendor]);
        expect([what, await readVendor(other.id)]).toEqual([what, other]);
        expect([what, await access(user.token)]).toEqual([what, ALLOWED]);
      }
      if ((await storedSecret(vendor.id)) !== undefined) expect(await storedSecret(vendor.id)).toBe(secret);
    });
  });

  describe('disabling', () => {
    it("disabling a vendor stops its users' tokens at once, over HTTP and graphql-ws; enabling restores those not disabled one by one", async () => {
      const vendor = await addVendor();
      const [active, individuallyDisabled] = [await addUser(vendor.id), await addUser(vendor.id)];
      const bystander = await addUser((await addVendor()).id);
      ok(await admin(DISABLE_USER, { id: individuallyDisabled.id }));
      // The token is known (remembered by the authenticator) and has an open connection.
      expect(await access(active.token)).toEqual(ALLOWED);
      const socket = await openConnection(active.token);

      const disabled = ok(await admin(UPDATE, { id: vendor.id, i: { disabled: true } })).updateVendor as Vendor;
      expect(disabled).toEqual({ ...vendor, disabled: true, disabledAt: expect.any(String) });
      expect(await readVendor(vendor.id)).toEqual(disabled);
      // Refused from the answer on, not after a cache expires; the open connection is closed.
      expect(codeOf(await gql(server.url, active.token, ME))).toBe('UNAUTHENTICATED');
      expect(await socket.closeCode()).toBe(4403);
      await socket.dispose();
      expect(await access(active.token)).toEqual(REFUSED);
      expect(await access(individuallyDisabled.token)).toEqual(REFUSED);
      expect(await access(bystander.token)).toEqual(ALLOWED);
      // The users themselves are not disabled: the vendor is.
      expect((await usersOf(vendor.id)).map((u) => [u.id, u.disabled])).toEqual([
        [active.id, false],
        [individuallyDisabled.id, true],
      ]);

      // Disabling again keeps the first time.
      expect(ok(await admin(UPDATE, { id: vendor.id, i: { disabled: true } })).updateVendor).toEqual(disabled);

      const enabled = ok(await admin(UPDATE, { id: vendor.id, i: { disabled: false } })).updateVendor as Vendor;
      expect(enabled).toEqual(vendor);
      expect(await access(active.token)).toEqual(ALLOWED);
      expect(await access(individuallyDisabled.token)).toEqual(REFUSED);
    });

    it('disableVendorUser stops the token at once, closes connections, is idempotent, and finds no staff', async () => {
      const vendor = await addVendor();
      const [user, colleague] = [await addUser(vendor.id), await addUser(vendor.id)];
      const socket = await openConnection(user.token);

      const first = ok(await admin(DISABLE_USER, { id: user.id })).disableVendorUser;
      expect(first).toMatchObject({ id: user.id, disabled: true, disabledAt: expect.any(String) });
      expect(codeOf(await gql(server.url, user.token, ME))).toBe('UNAUTHENTICATED');
      expect(await socket.closeCode()).toBe(4403);
      await socket.dispose();
      expect(await access(user.token)).toEqual(REFUSED);
      expect(await access(colleague.token)).toEqual(ALLOWED);

      expect(ok(await admin(DISABLE_USER, { id: user.id })).disableVendorUser).toEqual(first);
      expect(await usersOf(vendor.id)).toEqual([first, expect.objectContaining({ id: colleague.id, disabled: false, disabledAt: null })]);

      const adminId = ok(await admin(ME)).me.id as string;
      for (const [what, id] of [
        ['a technician', technician.id],
        ['the admin', adminId],
        ['an unknown id', randomUUID()],
        ['an id that is no id', 'user-1'],
      ]) {
        expect([what, (await admin(DISABLE_USER, { id })).errors?.[0]?.extensions]).toEqual([what, expect.objectContaining({ code: 'NOT_FOUND', reason: 'VENDOR_USER_NOT_FOUND' })]);
      }
      expect(await access(technician.token)).toEqual(ALLOWED);
      expect(await access(server.adminToken)).toEqual(ALLOWED);
    });

    it('revokeUser still revokes a vendor user, who then shows as disabled', async () => {
      const vendor = await addVendor();
      const user = await addUser(vendor.id);
      const revoked = ok(await admin(`mutation($id: ID!) { revokeUser(id: $id) { id revokedAt } }`, { id: user.id })).revokeUser;
      expect(await access(user.token)).toEqual(REFUSED);
      expect(await usersOf(vendor.id)).toEqual([expect.objectContaining({ id: user.id, disabled: true, disabledAt: revoked.revokedAt })]);
    });

    it('vendorUsers of an unknown vendor is NOT_FOUND', async () => {
      for (const v of [randomUUID(), 'vendor-1']) {
        expect((await admin(VENDOR_USERS, { v })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'VENDOR_NOT_FOUND' });
      }
    });
  });

  describe('rotateVendorUserToken', () => {
    it('answers a new token once; the old one stops at once over HTTP and graphql-ws', async () => {
      const vendor = await addVendor();
      const user = await addUser(vendor.id);
      const socket = await openConnection(user.token);

      const rotated = ok(await admin(ROTATE, { id: user.id })).rotateVendorUserToken;
      expect(rotated.token).toMatch(/^fbu_[A-Za-z0-9_-]{43}$/);
      expect(rotated.token).not.toBe(user.token);
      expect(rotated.user).toMatchObject({ id: user.id, disabled: false });
      expect(codeOf(await gql(server.url, user.token, ME))).toBe('UNAUTHENTICATED');
      expect(await socket.closeCode()).toBe(4403);
      await socket.dispose();
      expect(await access(user.token)).toEqual(REFUSED);
      expect(await access(rotated.token)).toEqual(ALLOWED);
      expect(ok(await gql(server.url, rotated.token, ME)).me.id).toBe(user.id);
    });

    it('refuses a disabled user (VENDOR_USER_DISABLED), staff and unknown ids, and changes nothing', async () => {
      const vendor = await addVendor();
      const user = await addUser(vendor.id);
      ok(await admin(DISABLE_USER, { id: user.id }));
      const res = await admin(ROTATE, { id: user.id });
      expectRefused(res, { code: 'CONFLICT', reason: 'VENDOR_USER_DISABLED' });
      expect(await access(user.token)).toEqual(REFUSED);
      expect(await usersOf(vendor.id)).toEqual([expect.objectContaining({ id: user.id, disabled: true })]);

      for (const id of [technician.id, randomUUID(), 'user-1']) {
        expectRefused(await admin(ROTATE, { id }), { code: 'NOT_FOUND', reason: 'VENDOR_USER_NOT_FOUND' });
      }
      expect(await access(technician.token)).toEqual(ALLOWED);
    });

    it("works while the vendor is disabled (replace a leaked token before enabling it); the new token waits for the vendor", async () => {
      const vendor = await addVendor();
      const user = await addUser(vendor.id);
      ok(await admin(UPDATE, { id: vendor.id, i: { disabled: true } }));
      const rotated = ok(await admin(ROTATE, { id: user.id })).rotateVendorUserToken;
      expect(await access(rotated.token)).toEqual(REFUSED);
      ok(await admin(UPDATE, { id: vendor.id, i: { disabled: false } }));
      expect(await access(rotated.token)).toEqual(ALLOWED);
      expect(await access(user.token)).toEqual(REFUSED);
    });
  });

  describe.each(TRANSPORTS)('over %s, callers other than the admin', (transport) => {
    it.each(['technician', 'device', 'vendor user'] as const)('%s: refused every vendor administration operation (FORBIDDEN), and nothing changes', async (role) => {
      const secret = newSecret();
      const vendor = await addVendor({ webhookUrl: PUBLIC_URL, webhookSecret: secret });
      const user = await addUser(vendor.id);
      const token = { technician: technician.token, device, 'vendor user': user.token }[role];
      const before = { vendors: ok(await admin(VENDORS)).vendors, users: await usersOf(vendor.id) };
      const attempts: [string, string, Record<string, unknown>][] = [
        ['createVendor', CREATE, { i: { name: uniqueName('Forbidden'), webhookSecret: newSecret() } }],
        ['updateVendor', UPDATE, { id: vendor.id, i: { name: uniqueName('Forbidden'), disabled: true, webhookUrl: null, webhookSecret: null } }],
        ['vendorUsers', VENDOR_USERS, { v: vendor.id }],
        ['disableVendorUser', DISABLE_USER, { id: user.id }],
        ['rotateVendorUserToken', ROTATE, { id: user.id }],
      ];
      for (const [name, query, variables] of attempts) {
        const res = await runOperation(transport, server.url, token, query, variables);
        expect([name, res.errors?.[0]?.extensions?.code]).toEqual([name, 'FORBIDDEN']);
        expect([name, res.data?.[name] ?? null]).toEqual([name, null]);
        expectNoSecret(res, secret);
      }
      expect({ vendors: ok(await admin(VENDORS)).vendors, users: await usersOf(vendor.id) }).toEqual(before);
      expect(await access(user.token)).toEqual(ALLOWED);
    });
  });
});

describe('with FAULTBASE_WEBHOOK_ALLOW_PRIVATE=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(() => server?.stop());

  it('updateVendor accepts a private target, and still refuses what is not http(s)', async () => {
    const vendor = ok(await gql(server.url, server.adminToken, CREATE, { i: { name: 'Inside' } })).createVendor as Vendor;
    const update = (webhookUrl: string) => gql(server.url, server.adminToken, UPDATE, { id: vendor.id, i: { webhookUrl } });
    expect(ok(await update('http://127.0.0.1:8080/hook')).updateVendor.webhookUrl).toBe('http://127.0.0.1:8080/hook');
    expect(codeOf(await update('file:///etc/passwd'))).toBe('BAD_USER_INPUT');
  });
});
