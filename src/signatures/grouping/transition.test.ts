import { groupFault } from './fingerprint';
import { GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02 } from './grouping-config';
import { groupForIngest } from './transition';

const report = (stackTrace: string) => ({ errorCode: 'E', applicationName: 'A', stackTrace });
const fromWorker = report('java.lang.Error: closed\n\tat com.acme.Pool.take(Pool.java:1)\n\tat com.acme.Worker.run(Worker.java:2)');

describe('groupForIngest: the fingerprints ingest files a report by', () => {
  it('during the transition to faultbase:2026-12-02: the current result and the previous config fingerprint', () => {
    const { result, previousFingerprint } = groupForIngest(fromWorker);
    expect(result.configVersion).toBe('faultbase:2026-12-02');
    expect(result.fingerprint).toBe(groupFault(fromWorker, GROUPING_CONFIG_2026_12_02).fingerprint);
    expect(previousFingerprint).toBe(groupFault(fromWorker, GROUPING_CONFIG_2026_11_25).fingerprint);
    expect(previousFingerprint).not.toBe(result.fingerprint);
  });

  it('no previous fingerprint when the configs agree, nor for a config that upgrades from none', () => {
    const message = { errorCode: 'E', applicationName: 'A', message: 'disk full' };
    expect(groupForIngest(message).previousFingerprint).toBeNull();
    expect(groupForIngest(fromWorker, undefined, GROUPING_CONFIG_2026_11_25).previousFingerprint).toBeNull();
  });

  it('no previous fingerprint for a fingerprint already stored: it resolves by itself', () => {
    const current = groupFault(fromWorker, GROUPING_CONFIG_2026_12_02).fingerprint;
    const asked: string[] = [];
    const grouped = groupForIngest(fromWorker, undefined, undefined, (f) => (asked.push(f), f === current));
    expect([grouped.result.fingerprint, grouped.previousFingerprint, asked]).toEqual([current, null, [current]]);
    expect(groupForIngest(fromWorker, undefined, undefined, () => false).previousFingerprint).not.toBeNull();
  });
});
