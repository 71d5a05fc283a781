import { groupFault } from './fingerprint';
import { GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, GROUPING_CONFIG_2026_12_03 } from './grouping-config';
import { wrappedTrace } from './grouping.fixtures';
import { groupForIngest } from './transition';

const report = (stackTrace: string) => ({ errorCode: 'E', applicationName: 'A', stackTrace });
const fromWorker = report('java.lang.Error: closed\n\tat com.acme.Pool.take(Pool.java:1)\n\tat com.acme.Worker.run(Worker.java:2)');
const chain = report(wrappedTrace());
const fingerprintOf = (input: Parameters<typeof groupFault>[0], config: Parameters<typeof groupFault>[1]) => groupFault(input, config).fingerprint;

describe('groupForIngest: the fingerprints ingest files a report by', () => {
  it("a report without a chain, which faultbase:2026-12-03 fingerprints as 2026-12-02 does: the first config's fingerprint, once", () => {
    const { result, previousFingerprints } = groupForIngest(fromWorker);
    expect(result.configVersion).toBe('faultbase:2026-12-03');
    expect(result.fingerprint).toBe(fingerprintOf(fromWorker, GROUPING_CONFIG_2026_12_03));
    expect(fingerprintOf(fromWorker, GROUPING_CONFIG_2026_12_02)).toBe(result.fingerprint);
    expect(previousFingerprints).toEqual([fingerprintOf(fromWorker, GROUPING_CONFIG_2026_11_25)]);
  });

  it('a cause chain, which each config fingerprints differently: both earlier fingerprints, the nearer first (an upgrade may skip a config)', () => {
    const { result, previousFingerprints } = groupForIngest(chain);
    const [near, far] = [fingerprintOf(chain, GROUPING_CONFIG_2026_12_02), fingerprintOf(chain, GROUPING_CONFIG_2026_11_25)];
    expect(new Set([result.fingerprint, near, far]).size).toBe(3);
    expect(previousFingerprints).toEqual([near, far]);
  });

  it('no previous fingerprint when the configs agree, nor for a config that upgrades from none', () => {
    const message = { errorCode: 'E', applicationName: 'A', message: 'disk full' };
    expect(groupForIngest(message).previousFingerprints).toEqual([]);
    expect(groupForIngest(fromWorker, undefined, GROUPING_CONFIG_2026_11_25).previousFingerprints).toEqual([]);
  });

  it("during the transition to faultbase:2026-12-02, as before: the first config's fingerprint", () => {
    expect(groupForIngest(fromWorker, undefined, GROUPING_CONFIG_2026_12_02).previousFingerprints).toEqual([fingerprintOf(fromWorker, GROUPING_CONFIG_2026_11_25)]);
  });

  it('no previous fingerprint for a fingerprint already stored: it resolves by itself', () => {
    const current = fingerprintOf(fromWorker, GROUPING_CONFIG_2026_12_03);
    const asked: string[] = [];
    const grouped = groupForIngest(fromWorker, undefined, undefined, (f) => (asked.push(f), f === current));
    expect([grouped.result.fingerprint, grouped.previousFingerprints, asked]).toEqual([current, [], [current]]);
    expect(groupForIngest(fromWorker, undefined, undefined, () => false).previousFingerprints).not.toEqual([]);
  });
});
