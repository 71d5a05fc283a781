/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core) against a real
 * server and database: sign-in, Live, the signature list and detail, escalation with the evidence
 * preview, and what a vendor's user may see. Waits are for elements and markers, never for time.
 * Screenshots of the main screens go to test-results/screenshots/ (ignored by git), or where
 * FAULTBASE_SCREENSHOTS says: `FAULTBASE_SCREENSHOTS=docs/screenshots npx jest test/console.test.ts`
 * refreshes the committed ones the README shows, so an ordinary test run leaves the tree clean.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { gql, ok } from './harness/client';
import { createUser, createVendorUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { WebhookReceiver } from './harness/webhook-receiver';

const ROOT = resolve(__dirname, '..');
const SHOTS = resolve(ROOT, process.env.FAULTBASE_SCREENSHOTS ?? 'test-results/screenshots');

let server: TestServer;
let browser: Browser;
let staff: { token: string; id: string };
let vendorUser: { token: string; id: string; vendorId: string };
let device: { token: string };

beforeAll(async () => {
  // The server is built by the global set-up; the console is this file's alone to need.
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: ROOT, stdio: 'inherit' });
  const [started, launched] = await Promise.allSettled([
    // The alert rule's webhook goes to a receiver on 127.0.0.1.
    TestServer.start({ FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true' }),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
  // Whichever started is kept for afterAll to stop, so a missing browser fails the file instead of leaving a server running.
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
  staff = await createUser(server.url, server.adminToken, 'TECHNICIAN');
  vendorUser = await createVendorUser(server.url, server.adminToken);
  device = await registerDevice(server.url, server.adminToken);
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function report(overrides: Record<string, unknown> = {}) {
  const data = ok(await gql(server.url, device.token, REPORT, { i: faultInput(overrides) }));
  return data.reportFault.signature as { id: string; title: string };
}

async function signIn(page: Page, token: string) {
  await page.goto(server.url);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Collects the page's console errors; `settle` waits until every console event so far has reached the test. */
function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  let marks = 0;
  const settle = async () => {
    const text = `faultbase-test: mark ${(marks += 1)}`;
    const marker = page.waitForEvent('console', (m) => m.text() === text);
    await page.evaluate((t) => console.log(t), text);
    await marker;
    return errors;
  };
  return { errors, settle };
}

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

test('serves the console at / and at deep links, under a policy that allows no inline script', async () => {
  for (const path of ['/', '/signatures/some-id', '/tickets/some-id']) {
    const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  }
  expect((await fetch(`${server.url}/assets/nothing-here.js`)).status).toBe(404);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});

test('a technician watches a report arrive live, opens its signature, moves it along and escalates it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  await page.getByLabel('Access token').fill('fbu_not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'was not accepted' }).waitFor();
  // The refused token's 401 is logged by the browser, as expected. Console events reach the test
  // asynchronously, so a marker logged now and awaited here bounds what the sign-in left behind.
  const marker = page.waitForEvent('console', (m) => m.text() === 'faultbase-test: refused sign-in done');
  await page.evaluate(() => console.error('faultbase-test: refused sign-in done'));
  await marker;
  consoleErrors.length = 0;
  await signIn(page, staff.token);
  expect(await navLinks(page)).toEqual(['Live', 'Signatures', 'Devices', 'Resolutions', 'Tickets', 'Alerts', 'Dashboard']);
  await page.getByRole('heading', { name: 'Live' }).waitFor();
  await page.locator('[data-state="connected"]').waitFor();

  // The subscription starts just after the connection: a warm-up report, re-sent until one shows,
  // proves the live stream is flowing before the report under test is sent.
  const warmUp = page.locator('[data-testid="live-list"] tbody tr');
  for (let attempt = 0; ; attempt += 1) {
    await report({ application: { name: 'WarmUp', version: '1.0.0' }, errorCode: 'E_WARMUP' });
    try {
      await warmUp.first().waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }

  const exceptionType = 'java.lang.IllegalStateException';
  const trace = [exceptionType, '\tat com.example.game.Level.load(Level.java:88)', '\tat com.example.game.GameCanvas.run(GameCanvas.java:142)'].join('\n');
  const signature = await report({ exceptionType, stackTrace: trace, message: 'level 7 missing' });
  const row = page.locator('tr.live-row', { hasText: signature.title });
  await row.waitFor();
  expect(await row.getAttribute('data-new-signature')).toBe('true');
  await page.screenshot({ path: join(SHOTS, 'live.png') });

  // Paused, the list holds still and counts what waits; resumed, it shows it.
  await page.getByRole('button', { name: 'Pause' }).click();
  await report({ exceptionType: 'java.lang.ClassCastException', stackTrace: 'java.lang.ClassCastException\n\tat com.example.game.Menu.open(Menu.java:9)', errorCode: 'E_HELD' });
  await page.getByText('1 new while paused').waitFor();
  expect(await page.locator('tr.live-row', { hasText: 'E_HELD' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.locator('tr.live-row', { hasText: 'E_HELD' }).waitFor();

  // Filtered to warnings, a fatal report sent first stays out (the warning sent after it is the marker).
  await page.getByRole('textbox', { name: 'Severity' }).click();
  await page.getByRole('option', { name: 'WARNING' }).click();
  await page.keyboard.press('Escape');
  await page.locator('tr.live-row').first().waitFor({ state: 'detached' });
  // The filtered subscription replaces the old one: the pair is re-sent until the marker shows.
  for (let attempt = 0; ; attempt += 1) {
    await report({ severity: 'FATAL', errorCode: 'E_FATAL_FILTERED' });
    await report({ severity: 'WARNING', errorCode: 'E_WARNING_SHOWN' });
    try {
      await page.locator('tr.live-row', { hasText: 'E_WARNING_SHOWN' }).first().waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
  expect(await page.locator('tr.live-row', { hasText: 'E_FATAL_FILTERED' }).count()).toBe(0);

  // Open it from the signature list.
  await page.getByRole('link', { name: 'Signatures' }).click();
  const listed = page.getByTestId('signature-list').getByRole('link', { name: signature.title });
  await listed.waitFor();
  await page.screenshot({ path: join(SHOTS, 'signatures.png') });
  // Each filter set has its own address: a search narrows the list and survives a reload.
  await page.getByLabel('Search').fill('level load');
  await page.waitForURL(/[?&]q=level\+load/);
  await page.reload();
  await page.getByTestId('signature-count').filter({ hasText: /^1 signature$/ }).waitFor();
  expect(await page.getByLabel('Search').inputValue()).toBe('level load');
  expect(await page.getByTestId('signature-list').getByRole('link').allTextContents()).toEqual([signature.title]);
  await listed.click();
  await page.waitForURL(`**/signatures/${signature.id}`);
  await page.getByRole('heading', { name: signature.title }).waitFor();
  await page.getByTestId('sample-stack').getByText('identifies').first().waitFor();

  // Only the allowed moves are offered: NEW → INVESTIGATING, RESOLVED, IGNORED.
  await page.getByRole('textbox', { name: 'Status' }).click();
  expect(await page.getByRole('option').allTextContents()).toEqual(['NEW', 'INVESTIGATING', 'RESOLVED', 'IGNORED']);
  await page.getByRole('option', { name: 'INVESTIGATING' }).click();
  await page.getByRole('status').filter({ hasText: 'Status changed to INVESTIGATING.' }).waitFor();
  await page.getByTestId('activity').getByText('moved it from NEW to INVESTIGATING').waitFor();

  await page.getByLabel('Note').fill('Level 7 ships without its map file.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByTestId('activity').getByText('Level 7 ships without its map file.').waitFor();
  await page.screenshot({ path: join(SHOTS, 'signature-detail.png'), fullPage: true });

  // Merge a look-alike into it: its report joins this signature.
  const lookAlike = await report({ exceptionType, stackTrace: trace.replace('Level.load', 'Level.loadAsync'), message: 'level 8 missing' });
  await page.getByLabel('Merge signatures into this one').fill(lookAlike.id);
  await page.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByText('2 reports from 1 device ').waitFor();

  // Escalate to the vendor, after seeing what it will receive.
  const escalate = page.getByTestId('escalate');
  // "Choose" once the vendors are loaded; before, the list would open empty.
  await escalate.getByPlaceholder('Choose').click();
  await page.getByRole('listbox').getByRole('option').first().click();
  await escalate.getByRole('button', { name: 'Preview evidence' }).and(page.locator(':enabled')).waitFor();
  await escalate.getByLabel('Message').fill('Please check the level packaging.');
  await escalate.getByRole('button', { name: 'Preview evidence' }).click();
  await page.getByTestId('evidence-preview').getByText('2 reports from 1 device;', { exact: false }).waitFor();
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await page.getByTestId('status').filter({ hasText: 'ESCALATED' }).first().waitFor();
  await page.getByRole('link', { name: signature.title }).last().waitFor();

  // A deep link loads on its own (history-API fallback), with the token kept for the tab.
  await page.goto(`${server.url}/signatures/${signature.id}`);
  await page.getByRole('heading', { name: signature.title }).waitFor();

  // A missing signature is said so; errors come in words with the server's code.
  await page.goto(`${server.url}/signatures/not-a-signature-id`);
  await page.getByText('There is no signature with this id.').waitFor();
  await page.goto(`${server.url}/tickets/not-a-ticket-id`);
  expect(await page.getByTestId('error-code').first().textContent()).toBe('NOT_FOUND');

  // At phone width the navigation folds away behind a button.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/signatures/${signature.id}`);
  await page.getByRole('heading', { name: signature.title }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'signature-detail-phone.png') });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Access token').waitFor();
  expect(await page.evaluate('sessionStorage.length')).toBe(0);
  expect(consoleErrors).toEqual([]);
  await page.close();
});

test("a technician writes and publishes a resolution, and sees its delivery counts move as the device installs it", async () => {
  const signature = await report({ exceptionType: 'java.lang.ArithmeticException', stackTrace: 'java.lang.ArithmeticException: / by zero\n\tat com.example.game.Score.average(Score.java:31)' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, staff.token);
  await page.goto(`${server.url}/signatures/${signature.id}`);
  await page.getByRole('link', { name: 'Write a resolution for it' }).click();
  const form = page.getByRole('form', { name: 'New resolution' });
  expect(await form.getByLabel('Signature ids').inputValue()).toBe(signature.id);
  await form.getByLabel('Title').fill('SpaceRacer 1.4.3 fixes the score average');
  await form.getByLabel('Fix version').fill('1.4.3');
  await form.getByLabel('Instructions').fill('Update SpaceRacer from the store.');
  await form.getByRole('button', { name: 'Create draft' }).click();
  await page.getByTestId('resolution-status').filter({ hasText: 'DRAFT' }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByTestId('resolution-status').filter({ hasText: 'PUBLISHED' }).waitFor();
  await page.getByTestId('delivery-funnel').getByText('1 offered, 0 installed').waitFor();
  const resolutionId = page.url().split('/').pop()!;

  ok(
    await gql(server.url, device.token, `mutation($r: ID!) { reportResolutionOutcome(resolutionId: $r, input: { state: INSTALLED }) { id } }`, { r: resolutionId }),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByTestId('delivery-funnel').getByText('1 offered, 1 installed').waitFor();
  await page.screenshot({ path: join(SHOTS, 'resolution.png'), fullPage: true });
  await page.close();
});

test('a technician finds a device, changes its reporting policy and revokes it', async () => {
  const spare = await registerDevice(server.url, server.adminToken, { model: 'E71' });
  const fault = await report({ exceptionType: 'java.io.IOException', stackTrace: 'java.io.IOException\n\tat com.example.game.Saves.write(Saves.java:40)' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, staff.token);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await page.getByLabel('Filter by model').fill('E71');
  await page.getByLabel('Filter by model').blur();
  await page.waitForURL(/model=E71/);
  await page.getByRole('link', { name: spare.device.serialNumber }).click();
  await page.getByRole('heading', { name: spare.device.serialNumber }).waitFor();

  const policy = page.getByRole('form', { name: 'Reporting policy' });
  await policy.getByLabel('Reports per hour at most').fill('5');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await policy.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const saved = ok(await gql(server.url, spare.token, `{ deviceConfig { maxReportsPerHour } }`));
  expect(saved.deviceConfig.maxReportsPerHour).toBe(5);
  await page.screenshot({ path: join(SHOTS, 'device.png') });

  await page.getByRole('button', { name: 'Revoke…' }).click();
  await page.getByRole('button', { name: 'Revoke the device' }).click();
  await page.getByTestId('device-status').filter({ hasText: 'REVOKED' }).waitFor();

  // The dashboard ranks the faults of the week; the alerts page lists rules (none here).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('link', { name: fault.title }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByText('No alert rule yet').waitFor();
  await page.close();
});

/** A table's body as the user reads it: a row of cell texts per row. */
async function bodyRows(table: Locator) {
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i += 1) out.push((await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim()));
  return out;
}

test("the Dashboard narrows the fleet's stability to one application and its versions, with the figures counted by hand", async () => {
  // A model, firmware and application of this test's own, so other tests' devices stay out of its rows.
  const tag = `${process.pid}-${Date.now()}`;
  const [model, firmwareVersion, name] = [`Dash-${tag}`, `fw-${tag}`, `DashApp-${tag}`];
  const app = (version: string) => ({ name, version, type: 'MIDlet', vendor: 'Example Games' });
  const [a, b] = [await registerDevice(server.url, server.adminToken, { model, firmwareVersion }), await registerDevice(server.url, server.adminToken, { model, firmwareVersion })];
  // a: two FATAL reports of 2.0 (one fault); b: one ERROR report of 2.1 (another fault).
  const crash = { application: app('2.0'), exceptionType: 'java.lang.IllegalStateException', stackTrace: `java.lang.IllegalStateException\n\tat com.example.dash.Board.draw(Board.java:7)` };
  const [first] = [ok(await gql(server.url, a.token, REPORT, { i: faultInput(crash) })), ok(await gql(server.url, a.token, REPORT, { i: faultInput(crash) }))];
  const slow = ok(await gql(server.url, b.token, REPORT, { i: faultInput({ severity: 'ERROR', application: app('2.1'), exceptionType: 'java.io.IOException', stackTrace: 'java.io.IOException\n\tat com.example.dash.Store.load(Store.java:12)' }) }));

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await signIn(page, staff.token);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const byModel = page.getByRole('table', { name: 'Stability by model' });
  await byModel.getByRole('row').filter({ hasText: model }).waitFor();
  // Every application: both devices are active, a has a FATAL report.
  expect((await bodyRows(byModel)).filter(([value]) => value === model)).toEqual([[model, '2', '1', '50 %', '3', '1,500']]);
  expect(await page.getByRole('table', { name: /^Stability by version/ }).count()).toBe(0);

  // One application, by its address: its versions appear, its faults rank by devices then reports.
  await page.getByLabel('Application').fill(name);
  await page.getByLabel('Application').press('Enter');
  await page.waitForURL(new RegExp(`app=${name}`));
  const byVersion = page.getByRole('table', { name: `Stability by version of ${name}` });
  await byVersion.waitFor();
  expect(await bodyRows(byVersion)).toEqual([
    ['2.0', '1', '1', '0 %', '2', '2,000'],
    ['2.1', '1', '0', '100 %', '1', '1,000'],
  ]);
  expect((await bodyRows(page.getByRole('table', { name: 'Stability by firmware' }))).filter(([value]) => value === firmwareVersion)).toEqual([[firmwareVersion, '2', '1', '50 %', '3', '1,500']]);
  expect(await bodyRows(page.getByRole('table', { name: 'Signatures that hit the most devices' }))).toEqual([
    [first.reportFault.signature.title, 'NEW', '1 device', '2 reports'],
    [slow.reportFault.signature.title, 'NEW', '1 device', '1 report'],
  ]);
  await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

  // The address is the view: opened afresh, it shows the same application.
  await page.goto(page.url());
  await page.getByRole('table', { name: `Stability by version of ${name}` }).waitFor();
  expect(await page.getByLabel('Application').inputValue()).toBe(name);
  // A window the page does not know, even one every object has, is the default week.
  await page.goto(`${server.url}/dashboard?window=toString`);
  await page.getByRole('table', { name: 'Stability by model' }).waitFor();
  expect(await page.getByRole('radio', { name: '7d' }).isChecked()).toBe(true);
  await page.close();
});

test('an admin creates a technician, whose token (shown once) signs in to a console without Admin', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.adminToken);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  const form = page.getByRole('form', { name: 'New staff user' });
  await form.getByLabel('Name').fill('Tina Technician');
  await form.getByLabel('E-mail').fill(`tina-${process.pid}@example.com`);
  await form.getByRole('button', { name: 'Create user' }).click();
  const token = await page.getByTestId('new-token').textContent();
  await page.screenshot({ path: join(SHOTS, 'admin.png'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, token!);
  expect(await page.getByTestId('who').textContent()).toContain('Tina Technician');
  expect(await navLinks(page)).not.toContain('Admin');
  await page.goto(`${server.url}/admin`);
  await page.getByTestId('not-available').waitFor();
  await page.close();
});

test("an admin gives a vendor's user a new token, then adds another user: each token is shown once, named for its own user", async () => {
  const vendorName = `Acme ${process.pid}-${Date.now()}`;
  const vendor = ok(await gql(server.url, server.adminToken, `mutation($n: String!) { createVendor(input: { name: $n }) { id } }`, { n: vendorName }));
  const first = { name: 'Vera Vendor', email: `vera-${process.pid}@example.com` };
  ok(await gql(server.url, server.adminToken, `mutation($v: ID!, $i: CreateVendorUserInput!) { createVendorUser(vendorId: $v, input: $i) { token } }`, { v: vendor.createVendor.id, i: first }));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.adminToken);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('button', { name: vendorName }).click();

  await page.getByRole('button', { name: 'New token' }).click();
  await page.getByText(`Token for ${first.name} <${first.email}>, shown only now`).waitFor();
  const rotated = await page.getByTestId('new-token').textContent();

  await page.getByLabel("User's name").fill('Walt Vendor');
  await page.getByLabel("User's e-mail").fill(`walt-${process.pid}@example.com`);
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByText(`Token for Walt Vendor <walt-${process.pid}@example.com>, shown only now`).waitFor();
  const added = await page.getByTestId('new-token').textContent();
  expect(await page.getByTestId('new-token').count()).toBe(1);
  expect(added).not.toBe(rotated);

  // Each token signs in as the user it was shown for.
  for (const [token, name] of [[rotated, first.name], [added, 'Walt Vendor']] as const) {
    const me = ok(await gql(server.url, token!, '{ me { name role } }'));
    expect(me.me).toEqual({ name, role: 'VENDOR' });
  }
  await page.close();
});

test("a vendor's user sees Tickets only, its own ticket, and no staff screen", async () => {
  const signature = await report({ exceptionType: 'java.lang.OutOfMemoryError', stackTrace: 'java.lang.OutOfMemoryError\n\tat com.example.game.Atlas.decode(Atlas.java:12)' });
  const ticket = ok(
    await gql(server.url, server.adminToken, `mutation($s: ID!, $v: ID!) { escalateSignature(signatureId: $s, vendorId: $v, message: "Atlas decoding runs out of memory") { id } }`, {
      s: signature.id,
      v: vendorUser.vendorId,
    }),
  ).escalateSignature as { id: string };
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, vendorUser.token);
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  expect(await navLinks(page)).toEqual(['Tickets']);
  await page.getByRole('link', { name: signature.title }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'vendor-tickets.png') });

  await page.getByRole('link', { name: signature.title }).click();
  await page.getByText('Atlas decoding runs out of memory').waitFor();
  // The vendor answers in the thread and moves the ticket along (only its own moves are offered).
  await page.getByLabel('Comment').fill('Reproduced on our side.');
  await page.getByRole('button', { name: 'Comment' }).click();
  await page.getByRole('region', { name: 'Thread' }).getByText('Reproduced on our side.').waitFor();
  await page.getByRole('textbox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: 'ACKNOWLEDGED' }).click();
  await page.getByTestId('ticket-status').filter({ hasText: 'ACKNOWLEDGED' }).waitFor();

  // A proposal carries the fix: the move opens its form, and the vendor cannot draft from it.
  await page.getByRole('textbox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: 'SOLUTION_PROPOSED' }).click();
  const form = page.getByRole('form', { name: 'Propose a fix' });
  await form.getByLabel('Fix title').fill('Atlas 2.1 streams its textures');
  await form.getByLabel('Instructions').fill('Update Atlas to 2.1.');
  await form.getByLabel('Fix version').fill('2.1.0');
  await form.getByRole('button', { name: 'Propose' }).click();
  await page.getByTestId('ticket-status').filter({ hasText: 'SOLUTION_PROPOSED' }).waitFor();
  const proposed = page.getByRole('region', { name: 'Proposed fix' });
  await proposed.getByText('Proposed fix: Atlas 2.1 streams its textures').waitFor();
  expect(await proposed.getByRole('button').count()).toBe(0);

  for (const path of ['/live', '/signatures', `/signatures/${signature.id}`, '/resolutions', '/devices', '/alerts', '/dashboard', '/admin']) {
    await page.goto(`${server.url}${path}`);
    await page.getByTestId('not-available').waitFor();
    expect(await page.getByTestId('not-available').textContent()).toContain('not available to your role');
    expect(await page.locator('main').textContent()).not.toContain('OutOfMemoryError');
  }
  await page.close();

  // Staff turn the proposal into a resolution draft, and land on it.
  const staffPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(staffPage, staff.token);
  await staffPage.goto(`${server.url}/tickets/${ticket.id}`);
  await staffPage.getByRole('button', { name: 'Draft a resolution from it' }).click();
  await staffPage.waitForURL(/\/resolutions\/[^/]+$/);
  await staffPage.getByRole('heading', { name: 'Atlas 2.1 streams its textures' }).waitFor();
  await staffPage.goto(`${server.url}/tickets/${ticket.id}`);
  await staffPage.getByRole('link', { name: 'The resolution drafted from it' }).waitFor();
  await staffPage.close();
});

test('an admin writes a SPIKE rule with a webhook, is told why a bad URL is refused, tests the rule and sees the delivery in its log; then sees the users', async () => {
  const receiver = await WebhookReceiver.start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const logged = watchConsole(page);
  try {
    await signIn(page, server.adminToken);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New alert rule' });
    await form.getByLabel('Name').fill('Crash spike');
    await form.getByRole('textbox', { name: 'Condition' }).click();
    await page.getByRole('option', { name: 'Spike' }).click();
    await form.getByLabel('Window (minutes)').fill('15');
    await form.getByLabel('More than … reports').fill('50');
    await form.getByLabel('Webhook URL').fill('ftp://example.com/hooks');
    await form.getByLabel('Signing secret').fill('crash-spike-secret-0123');
    await form.getByRole('button', { name: 'Create rule' }).click();

    // Refused in words, with the server's code and reason, the field named as the form names it.
    const refusal = form.getByRole('alert');
    await refusal.getByTestId('error-fields').getByText('Channel 1: URL').waitFor();
    expect(await refusal.getByTestId('error-code').textContent()).toBe('BAD_USER_INPUT');
    expect(await refusal.getByTestId('error-reason').textContent()).toBe('ALERT_CHANNEL_INVALID');
    // The refused request's HTTP 400 is logged by the browser, as expected.
    (await logged.settle()).length = 0;

    await form.getByLabel('Webhook URL').fill(receiver.url);
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rule = page.getByRole('region', { name: 'Rule Crash spike' });
    await rule.getByText('SPIKE · window 15 min · more than 50 reports').waitFor();
    expect(await form.count()).toBe(0);

    // Test: the delivery shows in the rule's log and settles as DELIVERED; the receiver got it.
    await rule.getByRole('button', { name: 'Test' }).click();
    await rule.getByRole('status').filter({ hasText: 'Test sent through 1 channel' }).waitFor();
    const delivered = rule.getByTestId('delivery-log').locator('[data-testid="delivery"][data-status="DELIVERED"]');
    await delivered.waitFor({ timeout: 30_000 });
    expect(await delivered.textContent()).toContain('alert.test');
    const received = await receiver.waitFor((r) => r.body.type === 'alert.test', 'the test webhook');
    expect(received.body.data.rule.name).toBe('Crash spike');

    // Switched off without restating the secret, the rule keeps its channel and its log.
    expect(await rule.getByRole('switch', { name: 'Rule Crash spike enabled' }).isChecked()).toBe(true);
    await rule.locator('label', { hasText: 'Enabled' }).click();
    await rule.getByTestId('rule-state').filter({ hasText: 'disabled' }).waitFor();
    await rule.getByRole('button', { name: 'Refresh the delivery log of Crash spike' }).click();
    await rule.getByTestId('delivery-log').getByText('1 delivery').waitFor();
    await page.screenshot({ path: join(SHOTS, 'alerts.png'), fullPage: true });

    // The user list: staff, newest first, with the technician made for these tests.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    const users = page.getByTestId('user-list');
    await users.getByText('Administrator').waitFor();
    const technician = ok(await gql(server.url, staff.token, `{ me { email } }`)).me.email as string;
    await users.getByText(technician).waitFor();
    await page.locator('label', { hasText: "Vendors' users" }).click();
    await users.getByText('VENDOR').first().waitFor();
    expect(await users.getByText('TECHNICIAN').count()).toBe(0);
    expect(await logged.settle()).toEqual([]);
  } finally {
    await page.close();
    await receiver.stop();
  }
});

test('a technician opens a signature from the list by keyboard and mutes its alerts', async () => {
  const older = await report({ exceptionType: 'java.lang.NullPointerException', stackTrace: 'java.lang.NullPointerException\n\tat com.example.game.Hud.draw(Hud.java:17)' });
  const newest = await report({ exceptionType: 'java.lang.ArrayIndexOutOfBoundsException', stackTrace: 'java.lang.ArrayIndexOutOfBoundsException\n\tat com.example.game.Map.tile(Map.java:5)' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const logged = watchConsole(page);
  await signIn(page, staff.token);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Signatures' }).click();
  const list = page.getByTestId('signature-list');
  await list.getByRole('link', { name: newest.title }).waitFor();
  expect(await list.getAttribute('aria-describedby')).toBe('list-keys-hint');

  // Nothing focused: j enters the list at its first row (the newest); ArrowDown moves on; Enter opens.
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.keyboard.press('j');
  expect(await page.evaluate('document.activeElement.textContent')).toBe(newest.title);
  expect(await page.evaluate("document.activeElement.closest('tr').matches(':focus-within')")).toBe(true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  expect(await page.evaluate('document.activeElement.textContent')).toBe(older.title);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/signatures/${older.id}`);
  await page.getByRole('heading', { name: older.title }).waitFor();

  // Muted for a day: shown muted, said in the activity, and so in the API.
  expect(await page.getByTestId('muted').count()).toBe(0);
  await page.getByRole('textbox', { name: 'Mute alerts' }).click();
  await page.getByRole('option', { name: 'for a day' }).click();
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Alerts muted for a day.' }).waitFor();
  await page.getByTestId('muted').waitFor();
  await page.getByTestId('activity').getByText('muted its alerts until').waitFor();
  const muted = ok(await gql(server.url, staff.token, `query($id: ID!) { signature(id: $id) { mutedAt mutedUntil } }`, { id: older.id })).signature;
  expect(muted.mutedAt).not.toBeNull();
  expect(new Date(muted.mutedUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  await page.screenshot({ path: join(SHOTS, 'signature-muted.png') });

  // At phone width it still reads as muted, and unmutes.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Unmute' }).click();
  await page.getByTestId('muted').waitFor({ state: 'detached' });
  expect(await logged.settle()).toEqual([]);
  await page.close();
});

test('the live badge shows a lost connection and the console reconnects by itself when the server comes back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, staff.token);
  await page.getByRole('heading', { name: 'Live' }).waitFor();
  await page.locator('[data-state="connected"]').waitFor();

  // The same port, so the open page can find the server again.
  server.env.PORT = String(server.proc.port);
  const restarted = server.restart('stop');
  await page.locator('[data-state="reconnecting"]').waitFor();
  await restarted;
  await page.locator('[data-state="connected"]').waitFor({ timeout: 60_000 });

  // The subscription came back with the connection: a report shows again.
  for (let attempt = 0; ; attempt += 1) {
    await report({ errorCode: 'E_AFTER_RESTART' });
    try {
      await page.locator('tr.live-row', { hasText: 'E_AFTER_RESTART' }).first().waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
  await page.close();
});

test('a user whose token is revoked while watching Live is signed out, told why, with no error in the page', async () => {
  const user = await createUser(server.url, server.adminToken, 'TECHNICIAN');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await signIn(page, user.token);
  await page.locator('[data-state="connected"]').waitFor();

  // Only the live connection hears of it: no query runs on Live while it stays open.
  ok(await gql(server.url, server.adminToken, 'mutation($id: ID!) { revokeUser(id: $id) { id } }', { id: user.id }));
  await page.getByRole('alert').filter({ hasText: 'was not accepted (UNAUTHENTICATED)' }).waitFor();
  expect(await page.evaluate('sessionStorage.length')).toBe(0);
  const marker = page.waitForEvent('console', (m) => m.text() === 'faultbase-test: end');
  await page.evaluate(() => console.log('faultbase-test: end'));
  await marker;
  expect(consoleErrors).toEqual([]);
  await page.close();
});
