import { pseudonym } from './pseudonym';
import { REDACTION_RULE_NAMES, SENSITIVE_KEYS, isSensitiveKey, scrubJson, scrubText } from './redaction';

/** docs/redaction.md's rule table, written out again (not read from the docs or the code). */
const RULE_TABLE: [rule: string, input: string, result: string][] = [
  ['urlCredentials', 'postgres://app:s3cret@db.internal:5432/faults', 'postgres://[redacted]@db.internal:5432/faults'],
  ['cookieHeader', 'Cookie: theme=dark; JSESSIONID=A1B2C3', 'Cookie: [redacted]'],
  ['sensitiveKey', 'login failed, password: hunter2', 'login failed, password: [redacted]'],
  ['bearer', 'retry with Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1', 'retry with Bearer [redacted]'],
  ['email', 'mail to john.doe+x@example.co.uk bounced', 'mail to [email] bounced'],
  ['mac', 'peer 00:1a:2b:3c:4d:5e lost', 'peer [mac] lost'],
  ['ipv6', 'from fe80::1ff:fe23:4567:890a', 'from [ip]'],
  ['ipv4', 'connect to 10.0.0.7:8080 failed', 'connect to [ip]:8080 failed'],
  ['mobileIdentity', 'IMEI 35-209900-176148-1', 'IMEI [mobile-id]'],
  ['phone', 'call +49 151 12345678', 'call [phone]'],
];

/** docs/redaction.md's "More examples", written out again. */
const MORE_EXAMPLES: [input: string, result: string][] = [
  ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1', 'Authorization: Bearer [redacted]'],
  ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [redacted]'],
  ['GET /sync?access_token=abc123&page=2', 'GET /sync?access_token=[redacted]&page=2'],
  ['Access-Token: abc123', 'Access-Token: [redacted]'],
  ['accessToken=abc123', 'accessToken=[redacted]'],
  ['{"wifiPassword": "correct horse"}', '{"wifiPassword": "[redacted]"}'],
  ['msisdn: +49 151 12345678, imsi=262011234567890', 'msisdn: [redacted], imsi=[redacted]'],
  ['Serial number: R58M12ABCDE', 'Serial number: [redacted]'],
  ['lat=52.5200,lon=13.4050', 'lat=[redacted],lon=[redacted]'],
  ['Set-Cookie: sid=31d4d96e407aad42; Path=/', 'Set-Cookie: [redacted]'],
  ['reach me at (030) 1234-5678 or 0151 1234 5678', 'reach me at [phone] or [phone]'],
  ['sms to +4915112345678 via 0049 151 12345678', 'sms to [phone] via [phone]'],
  ['US support (555) 234-5678, 555-234-5678', 'US support [phone], [phone]'],
  ['IMSI 262011234567890, ICCID 8949020012345678901', 'IMSI [mobile-id], ICCID [mobile-id]'],
  ['IMEI 35 209900 176148 1', 'IMEI [mobile-id]'],
  ['connect to ::ffff:192.168.0.1 failed', 'connect to [ip] failed'],
  ['listen on [2001:db8::1]:443', 'listen on [[ip]]:443'],
  ['firmware 21.0.0.2', 'firmware [ip]'],
  ['Invalid token: expired', 'Invalid token: [redacted]'],
];

/** docs/redaction.md's "What survives", written out again: each must come out as it went in. */
const SURVIVES: string[] = [
  'at com.acme.Foo.render(Foo.java:120)',
  'E_OOM_2 after 500ms, 3 retries, 12 items',
  'app 1.4.2_RC on firmware 21.0.0.b2',
  'segfault at 0x7ffe1234',
  'object com.acme.Cart@1b6d3586 is locked',
  'at 2026-11-25T10:00:00Z, on 01/12/2026 at 10:00:00',
  'Order 3f2a1b9c-1111-2222-3333-444455556666 failed',
  'took 1764680000000 ms; wrote 12345678 bytes',
  'loopback 127.0.0.1 and ::1, any 0.0.0.0',
  'std::runtime_error in Foo::bar',
  'tokens: 12, spin=3, tokenType=jwt, serialPort=/dev/ttyS0',
  'Basic authentication failed',
  'pool-1-thread-3 hash deadbeefcafe1234',
];

const SECRET = 'a test secret of at least 16 bytes';
const SERIAL = 'R58M12ABCDE';
const SUBSCRIBER = '262011234567890';
const DEVICE_PSEUDONYM = pseudonym(SECRET, 'vendor-1', 'device', SERIAL);
const SUBSCRIBER_PSEUDONYM = pseudonym(SECRET, 'vendor-1', 'subscriber', SUBSCRIBER);
const KNOWN: [string, string][] = [
  [SERIAL, DEVICE_PSEUDONYM],
  [SUBSCRIBER, SUBSCRIBER_PSEUDONYM],
];

describe('scrubText', () => {
  it('applies the rules in the order of the docs', () => {
    expect(REDACTION_RULE_NAMES).toEqual(RULE_TABLE.map(([rule]) => rule));
  });

  it.each(RULE_TABLE)('%s: %j → %j', (_rule, input, result) => {
    expect(scrubText(input)).toBe(result);
  });

  it.each(MORE_EXAMPLES)('%j → %j', (input, result) => {
    expect(scrubText(input)).toBe(result);
  });

  it.each(SURVIVES)('keeps %j', (input) => {
    expect(scrubText(input)).toBe(input);
  });

  it('holds to the reasons given for its order', () => {
    expect(scrubText('https://jdoe:pa55@example.com/inbox')).toBe('https://[redacted]@example.com/inbox');
    expect(scrubText('Cookie: a=1; sid=2; theme=dark')).toBe('Cookie: [redacted]');
    expect(scrubText('email=john@example.com')).toBe('email=[redacted]');
    expect(scrubText('peer 01-23-45-67-89-ab')).toBe('peer [mac]');
    expect(scrubText('IMEI 01-234567-891234-5')).toBe('IMEI [mobile-id]');
  });

  it.each([
    ['+1 (555) 234-5678', '[phone]'],
    ['+49 (0)151 12345678', '[phone]'],
    ['030/12345678', '[phone]'],
    ['+491511234567890', '[phone]'],
    ['0151-12345678.', '[phone].'],
    ['+1234567', '+1234567'],
    ['0123 456', '0123 456'],
    ['01-12-2026', '01-12-2026'],
    ['555-123-4567', '555-123-4567'],
    ['+49 151 1234 5678 9012 3456', '[phone] 9012 3456'],
    ['call +49 151 12345678 2026-11-25', 'call [phone] 2026-11-25'],
  ])('phone shape %j → %j', (input, result) => {
    expect(scrubText(input)).toBe(result);
  });

  it('keeps a whole stack trace that holds nothing personal', () => {
    const trace = [
      'java.lang.OutOfMemoryError: E_OOM_2 after 500ms (3 retries)',
      '\tat com.acme.render.Frame.draw(Frame.java:120)',
      '\tat com.acme.App.lambda$main$0(App.java:42)',
      '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
      'Caused by: java.io.IOException: read 4096 of 8192 bytes at 0x7ffe1234 (v1.4.2_RC, fw 21.0.0.b2)',
    ].join('\n');
    expect(scrubText(trace)).toBe(trace);
  });

  it('changes nothing when run twice', () => {
    for (const [input] of [...MORE_EXAMPLES, ...RULE_TABLE.map(([, input]) => [input])]) {
      const once = scrubText(input);
      expect(scrubText(once)).toBe(once);
    }
  });

  it('finds keys in every spelling, and only whole', () => {
    for (const key of ['access_token', 'Access-Token', 'accessToken', 'ACCESS_TOKEN', 'access.token', 'X-Auth-Token', 'db_password', 'PIN', 'E-Mail']) {
      expect(scrubText(`${key}=abc123`)).toBe(`${key}=[redacted]`);
    }
    for (const key of ['tokens', 'spin', 'mytoken', 'serialPort', 'sessionTimeout', 'location', 'address']) {
      expect(scrubText(`${key}=abc123`)).toBe(`${key}=abc123`);
    }
  });

  it('replaces known values before the rules, the longest first, and never twice', () => {
    expect(scrubText(`device ${SERIAL} on ${SUBSCRIBER} failed`, KNOWN)).toBe(`device ${DEVICE_PSEUDONYM} on ${SUBSCRIBER_PSEUDONYM} failed`);
    expect(scrubText('ABCDEF and ABCD', [['ABCD', 'short'], ['ABCDEF', 'long']])).toBe('long and short');
    expect(scrubText('AAAA', [['AAAA', 'BBBB'], ['BBBB', 'CCCC']])).toBe('BBBB');
    expect(scrubText('sn a.b*c(d) x', [['a.b*c(d)', 'dev-x']])).toBe('sn dev-x x');
  });

  it('ignores known values shorter than 4 characters, and minds case', () => {
    expect(scrubText('id abc here', [['abc', 'dev-x']])).toBe('id abc here');
    expect(scrubText(`device ${SERIAL.toLowerCase()}`, KNOWN)).toBe(`device ${SERIAL.toLowerCase()}`);
  });

  it('redacts a known value under a sensitive key', () => {
    expect(scrubText(`serial=${SERIAL}`, KNOWN)).toBe('serial=[redacted]');
  });

  it('cuts text to 64 Ki characters at whitespace, so no value is cut in half', () => {
    const text = `${'a'.repeat(65530)} john.doe@example.com and more`;
    expect(scrubText(text)).toBe(`${'a'.repeat(65530)} [truncated]`);
    const long = scrubText('x '.repeat(50_000));
    expect(long.endsWith(' [truncated]')).toBe(true);
    expect(long.length).toBeLessThanOrEqual(64 * 1024 + ' [truncated]'.length);
  });

  it('cuts hard when there is no whitespace near the limit, never through a surrogate pair', () => {
    const text = `${'a'.repeat(65535)}😀tail`;
    expect(scrubText(text)).toBe(`${'a'.repeat(65535)} [truncated]`);
  });
});

/** For each rule, a 64 Ki input made to make it backtrack, and a real case after it. */
const ADVERSARIAL: [rule: string, unit: string, tail: string, scrubbedTail: string][] = [
  ['urlCredentials', `://a:${'b:'.repeat(100)}`, 'x://u:p@h.example', 'x://[redacted]@h.example'],
  ['cookieHeader', `cookie${' '.repeat(31)}x `, 'Cookie: a=1; b=2', 'Cookie: [redacted]'],
  ['sensitiveKey', `password${' '.repeat(32)}! `, 'password: hunter2', 'password: [redacted]'],
  ['sensitiveKey', 'a: ', 'token=abc123', 'token=[redacted]'],
  ['bearer', 'Bearer ', 'Bearer abc.def.123', 'Bearer [redacted]'],
  ['email', `${'a'.repeat(60)}@`, 'mail john@example.com', 'mail [email]'],
  ['mac', '0a:a', 'peer 00:1a:2b:3c:4d:5e', 'peer [mac]'],
  ['ipv6', '1:', 'from fe80::1', 'from [ip]'],
  ['ipv4', '1.', 'to 10.0.0.7', 'to [ip]'],
  ['mobileIdentity', `${'1'.repeat(99)} `, 'IMEI 352099001761481', 'IMEI [mobile-id]'],
  ['phone', '+1 1 1 1 1 1a ', 'call +49 151 12345678', 'call [phone]'],
  ['phone', '+1-', 'call 0151 1234 5678', 'call [phone]'],
];

describe('scrubText on hostile input', () => {
  // No assertion on time: a rule that backtracked catastrophically would not finish within
  // jest's timeout, and the output shows that every rule still did its work.
  it.each(ADVERSARIAL)('%s: %j repeated to 64 Ki', (_rule, unit, tail, scrubbedTail) => {
    const fillerLength = 64 * 1024 - tail.length - 1;
    // Whole units only (half a unit could be a real value), then spaces.
    const filler = unit.repeat(Math.floor(fillerLength / unit.length)).padEnd(fillerLength, ' ');
    expect(scrubText(`${filler}\n${tail}`)).toBe(`${filler}\n${scrubbedTail}`);
  });

  it.each([
    ['newlines', '\n'],
    ['one character', 'a'],
    ['digits', '7'],
    ['colons', ':'],
    ['dots', '.'],
    ['quotes', '"'],
    ['brackets', '(('],
    ['at signs', '@'],
  ])('passes 64 Ki of %s through unchanged', (_name, unit) => {
    const text = unit.repeat((64 * 1024) / unit.length);
    expect(scrubText(text)).toBe(text);
  });
});

describe('sensitive keys', () => {
  it('include at least the keys the vendor-ticket brief names, compacted', () => {
    const required = ['msisdn', 'imsi', 'imei', 'iccid', 'email', 'phone', 'phonenumber', 'password', 'passwd', 'pwd', 'pin', 'token', 'accesstoken', 'refreshtoken', 'secret', 'apikey', 'authorization', 'cookie', 'session', 'sessionid', 'subscriberid', 'serialnumber', 'serial', 'ssn', 'creditcard'];
    expect(SENSITIVE_KEYS).toEqual(expect.arrayContaining(required));
    expect(SENSITIVE_KEYS.every((key) => /^[a-z]+$/.test(key))).toBe(true);
  });

  it.each(['access_token', 'Access-Token', 'accessToken', 'ACCESSTOKEN', 'access token', 'access.token', 'pass_word', 'e-mail', 'E_Mail', 'phoneNumber', 'wifiPassword', 'db_password', 'X-Auth-Token', 'Set-Cookie', 'userEmail', 'Serial Number'])(
    '%j is sensitive',
    (key) => {
      expect(isSensitiveKey(key)).toBe(true);
    },
  );

  it.each(['tokens', 'tokenType', 'spin', 'serialPort', 'sessionTimeout', 'userAgent', 'location', 'address', 'name', 'appName', 'mobile'])('%j is not', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});

describe('scrubJson', () => {
  it('scrubs strings deep inside, and redacts whatever lies under a sensitive key', () => {
    const attributes = {
      device: { model: 'X1', IMEI: '352099001761481', owner: { 'e-mail': 'a@b.de', note: 'call +4915112345678' } },
      readings: [1, 2.5, true, null, 'from 10.0.0.7'],
      session: { id: 'abc', started: 1 },
      pin: 1234,
      token: ['a', 'b'],
      password: null,
      gps: true,
      tokens: ['a'],
    };
    expect(scrubJson(attributes)).toEqual({
      device: { model: 'X1', IMEI: '[redacted]', owner: { 'e-mail': '[redacted]', note: 'call [phone]' } },
      readings: [1, 2.5, true, null, 'from [ip]'],
      session: '[redacted]',
      pin: '[redacted]',
      token: '[redacted]',
      password: '[redacted]',
      gps: '[redacted]',
      tokens: ['a'],
    });
  });

  it('matches keys in every spelling', () => {
    const spellings = ['access_token', 'Access-Token', 'accessToken', 'ACCESSTOKEN', 'pass_word', 'X-Auth-Token'];
    const scrubbed = scrubJson(Object.fromEntries(spellings.map((key) => [key, { nested: 1 }])));
    expect(scrubbed).toEqual(Object.fromEntries(spellings.map((key) => [key, '[redacted]'])));
  });

  it('matches the example in the docs', () => {
    const attributes = { user: { id: 42 }, contact: 'john@example.com', retries: 3, imei: 352099001761481 };
    expect(scrubJson(attributes)).toEqual({ user: '[redacted]', contact: '[email]', retries: 3, imei: '[redacted]' });
  });

  it('scrubs keys too, keeping them apart', () => {
    expect(scrubJson({ 'john@example.com': 1, 'jane@example.com': 2, plain: 3 })).toEqual({ '[email]': 1, '[email]#2': 2, plain: 3 });
  });

  it('replaces known values in strings and keys', () => {
    expect(scrubJson({ note: `serial ${SERIAL} failed`, [SERIAL]: 'x', serial: SERIAL }, KNOWN)).toEqual({
      note: `serial ${DEVICE_PSEUDONYM} failed`,
      [DEVICE_PSEUDONYM]: 'x',
      serial: '[redacted]',
    });
  });

  it('returns a copy and leaves its input alone', () => {
    const attributes = { a: { b: ['john@example.com'] } };
    const copy = scrubJson(attributes) as { a: { b: string[] } };
    expect(attributes).toEqual({ a: { b: ['john@example.com'] } });
    copy.a.b.push('x');
    expect(attributes.a.b).toHaveLength(1);
  });

  it('cuts arrays and objects nested deeper than 20 levels', () => {
    let document: unknown = 'leaf';
    for (let i = 0; i < 25; i++) document = { a: document };
    let node = scrubJson(document) as { a: unknown };
    for (let level = 1; level < 20; level++) node = node.a as { a: unknown };
    expect(node).toEqual({ a: '[truncated]' });
  });

  it('stops after 10,000 values', () => {
    const array = scrubJson(Array.from({ length: 20_000 }, (_, i) => i)) as unknown[];
    expect(array).toHaveLength(10_001);
    expect(array.slice(-2)).toEqual([9_999, '[truncated]']);
    const object = scrubJson(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))) as Record<string, unknown>;
    expect(Object.keys(object)).toHaveLength(10_001);
    expect(object['[truncated]']).toBe('[truncated]');
  });

  it('stops after 256 Ki characters of text', () => {
    const array = scrubJson(Array.from({ length: 10 }, () => 'x'.repeat(64 * 1024))) as unknown[];
    expect(array).toHaveLength(5);
    expect(array[4]).toBe('[truncated]');
  });

  it('survives a cycle and a hostile __proto__ key', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(JSON.stringify(scrubJson(cyclic))).toContain('"[truncated]"');

    const hostile = JSON.parse('{"__proto__": {"polluted": "john@example.com"}}') as unknown;
    const scrubbed = scrubJson(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
    expect(JSON.stringify(scrubbed)).toBe('{"__proto__":{"polluted":"[email]"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('marks what JSON cannot hold', () => {
    expect(scrubJson({ when: new Date(0), call: () => 1, nothing: undefined })).toEqual({ when: '[unsupported]', call: '[unsupported]', nothing: '[unsupported]' });
  });
});

describe('pseudonym', () => {
  it('is dev- or sub- and 16 base32 characters, the same each time', () => {
    expect(DEVICE_PSEUDONYM).toMatch(/^dev-[a-z2-7]{16}$/);
    expect(SUBSCRIBER_PSEUDONYM).toMatch(/^sub-[a-z2-7]{16}$/);
    expect(pseudonym(SECRET, 'vendor-1', 'device', SERIAL)).toBe(DEVICE_PSEUDONYM);
    expect(pseudonym(Buffer.from(SECRET), 'vendor-1', 'device', SERIAL)).toBe(DEVICE_PSEUDONYM);
  });

  it('keeps its golden value: a change would unlink every vendor ticket from the ones before', () => {
    expect(pseudonym('0123456789abcdef0123456789abcdef', 'vendor-1', 'device', 'R58M12ABCDE')).toBe('dev-ljeu2segg6wgl3af');
  });

  it('is unrelated between vendors, kinds and secrets', () => {
    const others = [
      pseudonym(SECRET, 'vendor-2', 'device', SERIAL),
      pseudonym(SECRET, 'vendor-1', 'subscriber', SERIAL),
      pseudonym(`${SECRET}!`, 'vendor-1', 'device', SERIAL),
    ];
    for (const other of others) expect(other.slice(4)).not.toBe(DEVICE_PSEUDONYM.slice(4));
  });

  it('encodes its fields unambiguously', () => {
    expect(pseudonym(SECRET, 'ab', 'device', 'c')).not.toBe(pseudonym(SECRET, 'a', 'device', 'bc'));
    // Plain concatenation would read both as `vdevicedevicex`.
    expect(pseudonym(SECRET, 'v', 'device', 'devicex')).not.toBe(pseudonym(SECRET, 'vdevice', 'device', 'x'));
  });

  it('gives distinct pseudonyms to many serial numbers', () => {
    const serials = Array.from({ length: 1000 }, (_, i) => `R58M${String(i).padStart(7, '0')}`);
    expect(new Set(serials.map((serial) => pseudonym(SECRET, 'vendor-1', 'device', serial))).size).toBe(1000);
  });

  it('survives the redaction rules', () => {
    expect(scrubText(`${DEVICE_PSEUDONYM} ${SUBSCRIBER_PSEUDONYM}`)).toBe(`${DEVICE_PSEUDONYM} ${SUBSCRIBER_PSEUDONYM}`);
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => pseudonym('short', 'vendor-1', 'device', SERIAL)).toThrow('at least 16 bytes');
  });
});

describe('redaction: known-wrong cases', () => {
  it('keeps the names of people and postal addresses in free text', () => {
    expect(scrubText('call Erika Mustermann, Alexanderplatz 1')).toBe('call Erika Mustermann, Alexanderplatz 1');
  });

  it('keeps an international number written without + or 00', () => {
    expect(scrubText('sms to 4915112345678')).toBe('sms to 4915112345678');
  });

  it('keeps a personal number stored as a JSON number under a key that is not sensitive', () => {
    expect(scrubJson({ id: 352099001761481 })).toEqual({ id: 352099001761481 });
  });

  it('does not see a key and its value written as data', () => {
    expect(scrubJson({ key: 'password', value: 'hunter2' })).toEqual({ key: 'password', value: 'hunter2' });
  });

  it('reads a byte dump in decimal pairs as a phone number', () => {
    expect(scrubText('data 01 02 03 04 05 06')).toBe('data [phone]');
  });
});
