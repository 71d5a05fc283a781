import pg from 'pg';
import { gql } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { runOperation, TRANSPORTS } from './harness/transports';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.stop());

/** Anything of the server's insides a response must not show. */
const INSIDES = /stacktrace|node_modules|\/src\/|\.[jt]s:\d+|\bat [A-Za-z.]+ \(|insert into|select .* from/i;

it('no response carries a stack trace, a file path or SQL, whatever went wrong', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  const responses = await Promise.all([
    gql(server.url, null, `{ me { id } }`),
    gql(server.url, server.adminToken, `{ signatures(first: 1000) { totalCount } }`),
    gql(server.url, server.adminToken, `{ nothing }`),
    gql(server.url, server.adminToken, `{ signatures(`),
    gql(server.url, device.token, REPORT, { i: faultInput({ occurredAt: 'yesterday' }) }),
    gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: '' }) }),
    gql(server.url, server.adminToken, `{ signatures(after: "not-a-cursor") { totalCount } }`),
  ]);
  for (const res of responses) {
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(res)).not.toMatch(INSIDES);
    for (const error of res.errors!) expect(Object.keys(error.extensions ?? {})).not.toContain('http');
  }
});

/** Direct SQL on the test's PostgreSQL database (the embedded one belongs to the server alone). */
async function sql(text: string) {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('an unexpected database failure', () => {
  beforeAll(() =>
    sql(`CREATE FUNCTION test_pause_enrolment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'enrolment paused by the test'; END $$;
         CREATE TRIGGER test_pause BEFORE INSERT ON device FOR EACH ROW EXECUTE FUNCTION test_pause_enrolment();`),
  );
  afterAll(() => sql(`DROP TRIGGER test_pause ON device; DROP FUNCTION test_pause_enrolment();`));

  it.each(TRANSPORTS)('over %s is masked with a reference that the log has, and the log has no SQL values', async (transport) => {
    const serial = `IMEI-LOG-SECRET-${transport}`;
    const res = await runOperation(
      transport,
      server.url,
      server.adminToken,
      `mutation($i: RegisterDeviceInput!) { registerDevice(input: $i) { token } }`,
      { i: { serialNumber: serial, manufacturer: 'Nokia', model: 'N95', subscriberId: `MSISDN-${transport}` } },
    );
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    expect(error!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(error!.message).toBe(`Internal server error (reference ${error!.extensions!.errorId}).`);
    expect(JSON.stringify({ message: error!.message, extensions: error!.extensions })).not.toMatch(/paused|insert|IMEI|MSISDN/i);

    // The log line travels on the server's stdout, the answer on its socket: either may arrive first.
    const logged = () =>
      server.proc
        .output()
        .split('\n')
        .filter((line) => line.includes(String(error!.extensions!.errorId)));
    await eventually(() => logged().length > 0, 'the log line with the error id');
    expect(logged()).toHaveLength(1);
    expect(logged()[0]).toContain('enrolment paused by the test');
    expect(logged()[0]).toContain('P0001'); // the SQLSTATE of RAISE EXCEPTION
    expect(logged()[0]).not.toMatch(/IMEI-LOG-SECRET|MSISDN|insert into|values/i);
  });
});
