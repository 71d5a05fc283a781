import { createHash } from 'node:crypto';
import { groupFault } from './fingerprint';
import { CURRENT_GROUPING_CONFIG, GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, getGroupingConfig, listGroupingConfigs } from './grouping-config';
import { MESSAGE_RULE_NAMES } from './normaliser';
import type { GroupingConfig } from './types';

describe('grouping configs', () => {
  it('the current config is registered under its dated id, the old one stays registered', () => {
    expect(CURRENT_GROUPING_CONFIG.id).toBe('faultbase:2026-12-03');
    expect(getGroupingConfig('faultbase:2026-12-03')).toBe(CURRENT_GROUPING_CONFIG);
    expect(getGroupingConfig('faultbase:2026-12-02')).toBe(GROUPING_CONFIG_2026_12_02);
    expect(getGroupingConfig('faultbase:2026-11-25')).toBe(GROUPING_CONFIG_2026_11_25);
    expect(listGroupingConfigs().map((c) => c.id)).toEqual(['faultbase:2026-11-25', 'faultbase:2026-12-02', 'faultbase:2026-12-03']);
    expect(getGroupingConfig('faultbase:1999-01-01')).toBeUndefined();
  });

  it('is frozen all the way down', () => {
    const config = CURRENT_GROUPING_CONFIG;
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
    expect(Object.isFrozen(config.outOfApp.java.functionPrefixes)).toBe(true);
    expect(() => (config.outOfApp.java.functionPrefixes as string[]).push('com.acme.')).toThrow(TypeError);
  });

  it('names only known message rules', () => {
    for (const config of listGroupingConfigs()) {
      for (const name of config.messageRules) expect(MESSAGE_RULE_NAMES).toContain(name);
    }
  });

  it('lists the in-app prefixes the issue names', () => {
    const { java, native, javascript, python } = CURRENT_GROUPING_CONFIG.outOfApp;
    expect(java.functionPrefixes).toEqual(expect.arrayContaining(['java.', 'javax.', 'javax.microedition.', 'sun.', 'com.sun.', 'jdk.', 'kotlin.', 'android.', 'dalvik.', 'com.android.']));
    expect(native.modulePrefixes).toEqual(expect.arrayContaining(['libc.so', 'libpthread', 'ld-linux', 'libstdc++']));
    expect(javascript.pathPrefixes).toContain('node:');
    expect(javascript.pathFragments).toContain('node_modules/');
    expect(python.pathFragments).toEqual(expect.arrayContaining(['site-packages/', '/lib/python3']));
  });

  it('records the config that made a fingerprint, and its rules decide the grouping', () => {
    const oneFrame: GroupingConfig = { ...GROUPING_CONFIG_2026_11_25, id: 'test:one-frame', identifyingFrames: 1 };
    const a = { errorCode: 'E', applicationName: 'A', stackTrace: 'java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.B.y(B.java:2)' };
    const b = { ...a, stackTrace: 'java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.C.z(C.java:2)' };
    expect(groupFault(a, GROUPING_CONFIG_2026_11_25).fingerprint).not.toBe(groupFault(b, GROUPING_CONFIG_2026_11_25).fingerprint);
    expect(groupFault(a, oneFrame).fingerprint).toBe(groupFault(b, oneFrame).fingerprint);
    expect(groupFault(a, oneFrame).configVersion).toBe('test:one-frame');
    expect(groupFault(a).configVersion).toBe('faultbase:2026-12-03');
  });

  it('hashes the contributing components as `id`, length and value lines', () => {
    const result = groupFault({ errorCode: 'E1', applicationName: 'App', message: 'disk 3 full' });
    const encoded = 'errorCode\n2\nE1\napplication\n3\nApp\nmessage\n11\ndisk <int> full\n'.replace('11', String('disk <int> full'.length));
    expect(result.fingerprint).toBe(createHash('sha256').update(encoded).digest('hex'));
  });
});
