import { MESSAGE_RULES, MESSAGE_RULE_NAMES, normaliseMessage } from './normaliser';
import { normaliseJavaSymbol, normaliseLibraryName, normaliseNativeSymbol, normaliseScriptPath } from './symbol-normaliser';

describe('normaliseMessage', () => {
  it.each([
    // int, float
    ['User 42 not found', 'User <int> not found'],
    ['Index 5 out of bounds for length 3', 'Index <int> out of bounds for length <int>'],
    ['took 1.5s and 500ms, version 2.0.1', 'took <float>s and <int>ms, version <float>'],
    ['pool-1-thread-3 stopped', 'pool-<int>-thread-<int> stopped'],
    ['x86_64 utf8 E_OOM_2 v2 MIDP2', 'x86_64 utf8 E_OOM_2 v2 MIDP2'],
    // uuid before hex before int
    ['Order 3f2a1b9c-1111-2222-3333-444455556666 failed', 'Order <uuid> failed'],
    ['address 0x7ffe1234 value 0XDEADBEEF', 'address <hex> value <hex>'],
    ['object com.acme.Cart@1b6d3586 is locked', 'object com.acme.Cart@<hex> is locked'],
    ['sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'sha <hex>'],
    ['state deadbeef unchanged', 'state deadbeef unchanged'],
    // quoted strings, but not apostrophes
    ['For input string: "12a"', 'For input string: <str>'],
    ["Cannot read properties of undefined (reading 'width')", 'Cannot read properties of undefined (reading <str>)'],
    ["Can't open file, don't retry", "Can't open file, don't retry"],
    ['unknown key `volume`', 'unknown key <str>'],
    // paths
    ['cannot open /data/app/com.acme-1/base.apk', 'cannot open <path>'],
    ['cannot open ./config/app.json or ~/x/y', 'cannot open <path> or <path>'],
    ['cannot open C:\\Users\\bob\\file.txt', 'cannot open <path>'],
    ['and/or N/A', 'and/or N/A'],
    // e-mails and URLs
    ['mail to john.doe+x@example.co.uk bounced', 'mail to <email> bounced'],
    ['GET https://api.acme.com/v1/users/42?x=1 returned 500', 'GET <url> returned <int>'],
    ['file:///E:/Images/pic01.jpg missing', '<url> missing'],
    // IP addresses, v4 and v6, and MAC addresses
    ['connect to 10.0.0.7:8080 failed', 'connect to <ip> failed'],
    ['connect to fe80::1ff:fe23:4567:890a failed', 'connect to <ip> failed'],
    ['connect to ::1 failed.', 'connect to <ip> failed.'],
    ['connect to ::ffff:192.168.0.1 failed', 'connect to <ip> failed'],
    ['from 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'from <ip>'],
    ['std::runtime_error in Foo::bar', 'std::runtime_error in Foo::bar'],
    ['peer 00:1a:2b:3c:4d:5e lost', 'peer <mac> lost'],
    // dates and times
    ['at 2026-11-25T10:00:00Z and 2026-11-25 10:00:00.123+01:00', 'at <date> and <date>'],
    ['expires Tue, 25 Nov 2026 16:33:00 GMT', 'expires <date>'],
    ['since Tue Nov 25 16:33:00 CET 2026', 'since <date>'],
    ['at 16:33:00.5 on 12/31/2026', 'at <date> on <date>'],
    // whitespace
    ['  lots   of\n\twhitespace  ', 'lots of whitespace'],
    // identity hashes whatever their digits, and sizes (rules of faultbase:2026-12-02)
    ['Fragment CartFragment{c5752149} not attached', 'Fragment CartFragment{<hex>} not attached'],
    ['Fragment CartFragment{52341234} not attached', 'Fragment CartFragment{<hex>} not attached'],
    ['object com.acme.Cart@12345678 is locked', 'object com.acme.Cart@<hex> is locked'],
    ['width and height must be > 0, got 2637x1621', 'width and height must be > <int>, got <int>x<int>'],
    ['codec x264 and 0x1f stay apart from 3x', 'codec x264 and <hex> stay apart from <int>x'],
    ['Segmentation fault at address a46c386c', 'Segmentation fault at address <hex>'],
    ['Segmentation fault at address 12345678', 'Segmentation fault at address <hex>'],
    ['Segmentation fault at address 00007f3c2a1b2c3d', 'Segmentation fault at address <hex>'],
    ['retry 1234567 of 123456789', 'retry <int> of <int>'],
    ['Bus error at 5a1c3', 'Bus error at <hex>'],
    ['Bus error at 51234', 'Bus error at <hex>'],
    ['Segmentation fault at address ebaacdfd', 'Segmentation fault at address <hex>'],
    ['fault addr 7f00 while at line 5', 'fault addr <hex> while at line <int>'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseMessage(input)).toBe(expected);
  });

  it('applies only the rules a config lists, in its order', () => {
    // `int` leaves digits after a dot alone (they belong to a larger number): why ipv4 runs first.
    expect(normaliseMessage('user 42 at 10.0.0.7', ['int'])).toBe('user <int> at <int>.0.0.7');
    expect(normaliseMessage('user 42 at 10.0.0.7', ['ipv4', 'int'])).toBe('user <int> at <ip>');
  });

  it('refuses an unknown rule name', () => {
    expect(() => normaliseMessage('x', ['nope'])).toThrow('unknown message normaliser rule "nope"');
  });

  it('cuts the message before normalising it, and the result without breaking a placeholder', () => {
    expect(normaliseMessage('id 1234567890 and more', MESSAGE_RULE_NAMES, 8)).toBe('id <int>');
    expect(normaliseMessage('aaaaaaaaaa 123456', MESSAGE_RULE_NAMES, 12)).toBe('aaaaaaaaaa');
    expect(normaliseMessage('a 1 b 2', MESSAGE_RULE_NAMES, 7)).toBe('a <int>');
  });

  it('lists every rule once, str first and int last', () => {
    expect(MESSAGE_RULE_NAMES).toEqual(['str', 'url', 'email', 'uuid', 'date', 'textDate', 'time', 'mac', 'ipv6', 'ipv4', 'path', 'objectId', 'address', 'hexWord', 'hex', 'float', 'dimensions', 'int']);
    expect(new Set(MESSAGE_RULES.map((r) => r.pattern.source)).size).toBe(MESSAGE_RULES.length);
  });
});

describe('normaliseJavaSymbol', () => {
  it.each([
    ['com.acme.Game.render', 'com.acme.Game.render', null],
    ['com.acme.App.lambda$main$0', 'com.acme.App.lambda$main', null],
    ['com.acme.App.lambda$0', 'com.acme.App.lambda', null],
    ['com.acme.App.onCreate$lambda-1', 'com.acme.App.onCreate$lambda', null],
    ['com.acme.App$$Lambda$12/0x0000000800c0b000.accept', 'com.acme.App$$Lambda.accept', 'synthetic lambda frame'],
    ['com.acme.App$$Lambda/0x000001f0010a2b38.run', 'com.acme.App$$Lambda.run', 'synthetic lambda frame'],
    ['com.acme.-$$Lambda$MainActivity$4SwBxn2Q.onClick', 'com.acme.-$$Lambda.onClick', 'synthetic lambda frame'],
    ['com.acme.MainActivity$$ExternalSyntheticLambda3.run', 'com.acme.MainActivity$$ExternalSyntheticLambda.run', 'synthetic compiler frame'],
    ['com.sun.proxy.$Proxy12.save', 'com.sun.proxy.$Proxy.save', 'synthetic proxy frame'],
    ['com.acme.Repo$$EnhancerByCGLIB$$a1b2c3d4.save', 'com.acme.Repo$$EnhancerByCGLIB.save', 'synthetic proxy frame'],
    ['com.acme.Repo$$SpringCGLIB$$0.save', 'com.acme.Repo$$SpringCGLIB.save', 'synthetic proxy frame'],
    ['com.acme.Repo$HibernateProxy$x7Yz.load', 'com.acme.Repo$HibernateProxy.load', 'synthetic proxy frame'],
    ['com.acme.Outer.access$000', 'com.acme.Outer.access$', 'synthetic accessor frame'],
    ['com.acme.Outer$1.run', 'com.acme.Outer$<anon>.run', null],
    ['com.acme.Outer$Inner$2.run', 'com.acme.Outer$Inner$<anon>.run', null],
  ])('%s → %s (%s)', (input, name, unusable) => {
    expect(normaliseJavaSymbol(input)).toEqual({ name, unusable });
  });
});

describe('native and script names', () => {
  it.each([
    ['render_frame.isra.0', 'render_frame'],
    ['render_frame.constprop.3.cold', 'render_frame'],
    ['operator+', 'operator+'],
    ['Game::update', 'Game::update'],
  ])('native symbol %s → %s', (input, expected) => {
    expect(normaliseNativeSymbol(input)).toBe(expected);
  });

  it.each([
    ['libc.so.6', 'libc.so'],
    ['libgame.so.2.1.0', 'libgame.so'],
    ['libgame.so', 'libgame.so'],
    ['racer', 'racer'],
  ])('library %s → %s', (input, expected) => {
    expect(normaliseLibraryName(input)).toBe(expected);
  });

  it.each([
    ['https://cdn1.acme.com/static/js/main.3f2a1b9c.chunk.js?v=2#x', '/static/js/main.<hash>.chunk.js'],
    ['/_next/static/chunks/pages/_app-3f2a1b9c8d7e6f5a.js', '/_next/static/chunks/pages/_app-<hash>.js'],
    ['webpack:///./src/renderer.js', './src/renderer.js'],
    ['file:///app/main.mjs', '/app/main.mjs'],
    ['app://racer/js/main.js', 'app://racer/js/main.js'],
    ['/app/src/react-dom.development.js', '/app/src/react-dom.development.js'],
  ])('script path %s → %s', (input, expected) => {
    expect(normaliseScriptPath(input)).toBe(expected);
  });
});

describe('normaliseScriptPath with build-parts (faultbase:2026-12-02)', () => {
  it.each([
    ['/assets/index-BXf3kJqs.js', '/assets/index-<hash>.js'],
    ['/assets/index-DkqLxWpa.js', '/assets/index-<hash>.js'],
    ['/static/js/787.3f2a1b9c.chunk.js', '/static/js/<id>.<hash>.chunk.js'],
    ['/static/js/main.3f2a1b9c.chunk.js', '/static/js/main.<hash>.chunk.js'],
    ['/_next/static/chunks/pages/_app-3f2a1b9c8d7e6f5a.js', '/_next/static/chunks/pages/_app-<hash>.js'],
    // words and camelCase names stay
    ['/app/src/app.userProfile.js', '/app/src/app.userProfile.js'],
    ['/app/vendors-Component.bundle.js', '/app/vendors-Component.bundle.js'],
    ['/app/src/renderer.js', '/app/src/renderer.js'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseScriptPath(input, 'build-parts')).toBe(expected);
  });
});
