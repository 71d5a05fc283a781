import { groupFault } from './fingerprint';
import { GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, GROUPING_CONFIG_2026_12_03 } from './grouping-config';
import { wrappedTrace } from './grouping.fixtures';
import { groupForIngest } from './transition';

const report = (stackTrace: string) => ({ errorCode: 'E', applicationName: 'A', stackTrace });
const fromWorker = report('java.lang.Error: closed\n\tat com.acme.Pool.take(Pool.java:1)\n\tat com.acme.Worker.run(Worker.java:2)');
const chain = report(wrappedTrace());

describe('groupForIngest: the fingerprints ingest files a report by', () => {
  it('a report without a chain, which faultbase:2026-12-03 fingerprints as 2026-12-02 does: the first config\'s fingerprint is the previous one', () => {
    const { result, previousFingerprint } = groupForIngest(fromWorker);
    expect(result.configVersion).toBe('faultbase:2026-12-03');
    expect(result.fingerprint).toBe(groupFault(fromWorker, GROUPING_CONFIG_2026_12_03).fingerprint);
    expect(groupFault(fromWorker, GROUPING_CONFIG_2026_12_02).fingerprint).toBe(result.fingerprint);
    expect(previousFingerprint).toBe(groupFault(fromWorker, GROUPING_CONFIG_2026_11_25).fingerprint);
    expect(previousFingerprint).not.toBe(result.fingerprint);
  });

  it('a cause chain, which faultbase:2026-12-03 fingerprints by its wrapper too: the nearer config\'s fingerprint is the previous one', () => {
    const { result, previousFingerprint } = groupForIngest(chain);
    expect(previousFingerprint).toBe(groupFault(chain, GROUPING_CONFIG_2026_12_02).fingerprint);
    expect(previousFingerprint).not.toBe(result.fingerprint);
    expect(previousFingerprint).not.toBe(groupFault(chain, GROUPING_CONFIG_2026_11_25).fingerprint);
  });

  it('no previous fingerprint when the configs agree, nor for a config that upgrades from none', () => {
    const message = { errorCode: 'E', applicationName: 'A', message: 'disk full' };
    expect(groupForIngest(message).previousFingerprint).toBeNull();
    expect(groupForIngest(fromWorker, undefined, GROUPING_CONFIG_2026_11_25).previousFingerprint).toBeNull();
  });

  it('during the transition to faultbase:2026-12-02, as before: the first config\'s fingerprint', () => {
    expect(groupForIngest(fromWorker, undefined, GROUPING_CONFIG_2026_12_02).previousFingerprint).toBe(groupFault(fromWorker, GROUPING_CONFIG_2026_11_25).fingerprint);
  });

  it('no previous fingerprint for a fingerprint already stored: it resolves by itself', () => {
    const current = groupFault(fromWorker, GROUPING_CONFIG_2026_12_03).fingerprint;
    const asked: string[] = [];
    const grouped = groupForIngest(fromWorker, undefined, undefined, (f) => (asked.push(f), f === current));
    expect([grouped.result.fingerprint, grouped.previousFingerprint, asked]).toEqual([current, null, [current]]);
    expect(groupForIngest(fromWorker, undefined, undefined, () => false).previousFingerprint).not.toBeNull();
  });
});
