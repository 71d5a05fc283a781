import { emptyRule, fieldInWords, fromRule, toInput, type RuleForm } from './alert-rules';

const spike: RuleForm = {
  ...emptyRule(),
  name: ' Crash spike ',
  kind: 'SPIKE',
  applicationName: 'SpaceRacer',
  minSeverity: 'ERROR',
  numbers: { windowMinutes: 15, minReports: 50, minDevices: '', failureRate: 0.5 },
  channels: [
    { kind: 'WEBHOOK', url: ' https://hooks.example.com/fb ', secret: 'a-secret-of-16-chars', to: 'ignored@example.com' },
    { kind: 'EMAIL', url: 'ignored', secret: 'ignored', to: 'ops@example.com, oncall@example.com;lead@example.com' },
  ],
};

describe('the alert rule form', () => {
  it('sends only the fields the kind reads, blanks left out, each channel with its own fields', () => {
    expect(toInput(spike)).toEqual({
      name: 'Crash spike',
      enabled: true,
      cooldownMinutes: 60,
      condition: { kind: 'SPIKE', applicationName: 'SpaceRacer', minSeverity: 'ERROR', windowMinutes: 15, minReports: 50 },
      channels: [
        { kind: 'WEBHOOK', url: 'https://hooks.example.com/fb', secret: 'a-secret-of-16-chars' },
        { kind: 'EMAIL', to: ['ops@example.com', 'oncall@example.com', 'lead@example.com'] },
      ],
    });
    expect(toInput({ ...spike, kind: 'RESOLUTION_FAILURE_RATE', cooldownMinutes: '' }).condition).toEqual({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.5 });
  });

  it('reads a rule back into the form, secrets left to be given again', () => {
    const shown = {
      name: 'Crash spike',
      enabled: false,
      cooldownMinutes: 30,
      condition: { kind: 'SPIKE' as const, applicationName: null, minSeverity: null, windowMinutes: 15, minReports: null, minDevices: 3, baselineFactor: null, failureRate: null, minOutcomes: null },
      channels: [
        { kind: 'WEBHOOK' as const, url: 'https://hooks.example.com/fb', to: null },
        { kind: 'EMAIL' as const, url: null, to: ['ops@example.com', 'lead@example.com'] },
      ],
    };
    const form = fromRule(shown);
    expect(form).toMatchObject({ enabled: false, cooldownMinutes: 30, kind: 'SPIKE', applicationName: '', numbers: { windowMinutes: 15, minDevices: 3 } });
    expect(form.channels).toEqual([
      { kind: 'WEBHOOK', url: 'https://hooks.example.com/fb', secret: '', to: '' },
      { kind: 'EMAIL', url: '', secret: '', to: 'ops@example.com, lead@example.com' },
    ]);
    expect(toInput(form).condition).toEqual({ kind: 'SPIKE', windowMinutes: 15, minDevices: 3 });
  });

  it.each([
    [['input', 'channels', 0, 'url'], 'Channel 1: URL'],
    [['input', 'channels', 2], 'Channel 3'],
    [['input', 'condition', 'windowMinutes'], 'Window (minutes)'],
    [['input', 'condition'], 'Condition'],
    [['input', 'name'], 'Name'],
    [['input'], 'The rule'],
  ])('names the refused field %j in words: %s', (path, words) => {
    expect(fieldInWords(path)).toBe(words);
  });
});
