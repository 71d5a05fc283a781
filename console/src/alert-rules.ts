import type { AlertChannelKind, AlertConditionKind, AlertRuleInput, Severity } from './gql/graphql';

/**
 * The alert rule editor's form and its translation to the API's AlertRuleInput, and back from a
 * rule as the API shows it. The condition fields each kind reads mirror the server's table
 * (src/alerts/alert-rule.service.ts, CONDITION_FIELDS): the form offers only those, and the server
 * still decides (ALERT_CONDITION_INVALID, ALERT_CHANNEL_INVALID).
 */
export const KINDS: { value: AlertConditionKind; label: string; description: string }[] = [
  { value: 'NEW_SIGNATURE', label: 'New signature', description: 'A fault is seen for the first time.' },
  { value: 'REGRESSION', label: 'Regression', description: 'A fault that a published resolution should have fixed is reported again.' },
  { value: 'SPIKE', label: 'Spike', description: 'More reports or devices than the thresholds within the window, or more than a factor of the usual rate.' },
  { value: 'RESOLUTION_FAILURE_RATE', label: 'Resolution failure rate', description: "More than a share of a published resolution's installs fail." },
];

export type NumberField = 'windowMinutes' | 'minReports' | 'minDevices' | 'baselineFactor' | 'failureRate' | 'minOutcomes';
type ConditionField = 'applicationName' | 'minSeverity' | NumberField;

export const CONDITION_FIELDS: Readonly<Record<AlertConditionKind, readonly ConditionField[]>> = {
  NEW_SIGNATURE: ['applicationName', 'minSeverity'],
  REGRESSION: ['applicationName', 'minSeverity'],
  SPIKE: ['applicationName', 'minSeverity', 'windowMinutes', 'minReports', 'minDevices', 'baselineFactor'],
  RESOLUTION_FAILURE_RATE: ['failureRate', 'minOutcomes'],
};

/** The numeric fields' labels, in the order the form shows them. */
export const NUMBER_FIELDS: { field: NumberField; label: string; step?: number }[] = [
  { field: 'windowMinutes', label: 'Window (minutes)' },
  { field: 'minReports', label: 'More than … reports' },
  { field: 'minDevices', label: 'More than … devices' },
  { field: 'baselineFactor', label: 'Times the usual rate', step: 0.5 },
  { field: 'failureRate', label: 'Failed share (0 to 1)', step: 0.05 },
  { field: 'minOutcomes', label: 'After … outcomes' },
];

export interface ChannelForm {
  kind: AlertChannelKind;
  url: string;
  /** Never shown back by the API: an edit must give it again. */
  secret: string;
  /** Recipients, separated by commas or spaces. */
  to: string;
}

export interface RuleForm {
  name: string;
  enabled: boolean;
  cooldownMinutes: number | '';
  kind: AlertConditionKind;
  applicationName: string;
  minSeverity: Severity | null;
  numbers: Partial<Record<NumberField, number | ''>>;
  channels: ChannelForm[];
}

export const emptyChannel = (kind: AlertChannelKind = 'WEBHOOK'): ChannelForm => ({ kind, url: '', secret: '', to: '' });

export const emptyRule = (): RuleForm => ({
  name: '',
  enabled: true,
  cooldownMinutes: 60,
  kind: 'NEW_SIGNATURE',
  applicationName: '',
  minSeverity: null,
  numbers: {},
  channels: [emptyChannel()],
});

/** The input for createAlertRule / updateAlertRule: only the fields the kind reads, blanks left out. */
export function toInput(form: RuleForm): AlertRuleInput {
  const uses = (field: ConditionField) => CONDITION_FIELDS[form.kind].includes(field);
  const condition: AlertRuleInput['condition'] = { kind: form.kind };
  if (uses('applicationName') && form.applicationName.trim()) condition.applicationName = form.applicationName.trim();
  if (uses('minSeverity') && form.minSeverity) condition.minSeverity = form.minSeverity;
  for (const { field } of NUMBER_FIELDS) {
    const value = form.numbers[field];
    if (uses(field) && typeof value === 'number') condition[field] = value;
  }
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    ...(typeof form.cooldownMinutes === 'number' ? { cooldownMinutes: form.cooldownMinutes } : {}),
    condition,
    channels: form.channels.map((c) =>
      c.kind === 'WEBHOOK' ? { kind: c.kind, url: c.url.trim(), secret: c.secret } : { kind: c.kind, to: c.to.split(/[\s,;]+/).filter(Boolean) },
    ),
  };
}

/** What a rule looks like as the API shows it (the parts the form needs). */
export interface RuleShown {
  name: string;
  enabled: boolean;
  cooldownMinutes: number;
  condition: { kind: AlertConditionKind; applicationName?: string | null; minSeverity?: Severity | null } & Partial<Record<NumberField, number | null>>;
  channels: { kind: AlertChannelKind; url?: string | null; to?: string[] | null }[];
}

/** The form to edit a rule: everything as it is, but webhook secrets, which are never shown back. */
export function fromRule(rule: RuleShown): RuleForm {
  const numbers: RuleForm['numbers'] = {};
  for (const { field } of NUMBER_FIELDS) {
    const value = rule.condition[field];
    if (value != null) numbers[field] = value;
  }
  return {
    name: rule.name,
    enabled: rule.enabled,
    cooldownMinutes: rule.cooldownMinutes,
    kind: rule.condition.kind,
    applicationName: rule.condition.applicationName ?? '',
    minSeverity: rule.condition.minSeverity ?? null,
    numbers,
    channels: rule.channels.map((c) => ({ kind: c.kind, url: c.url ?? '', secret: '', to: (c.to ?? []).join(', ') })),
  };
}

const FIELD_WORDS: Record<string, string> = {
  name: 'Name',
  cooldownMinutes: 'Cool-down',
  applicationName: 'Application',
  minSeverity: 'Severity',
  url: 'URL',
  secret: 'Secret',
  to: 'Recipients',
  kind: 'Kind',
  ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f.field, f.label])),
};

/** A refused field's path in words: ["input", "channels", 0, "url"] → "Channel 1: URL". */
export function fieldInWords(path: readonly (string | number)[]): string {
  const [head, ...rest] = path[0] === 'input' ? path.slice(1) : path;
  if (head === 'channels' && typeof rest[0] === 'number') {
    return rest.length > 1 ? `Channel ${rest[0] + 1}: ${FIELD_WORDS[String(rest[1])] ?? rest[1]}` : `Channel ${rest[0] + 1}`;
  }
  if (head === 'condition') return rest.length ? (FIELD_WORDS[String(rest[0])] ?? String(rest[0])) : 'Condition';
  return head === undefined ? 'The rule' : (FIELD_WORDS[String(head)] ?? String(head));
}

/** One line about a rule's condition: "SPIKE · application SpaceRacer · window 15 min · more than 50 reports". */
export function describeCondition(c: RuleShown['condition']): string {
  return [
    c.kind,
    c.applicationName && `application ${c.applicationName}`,
    c.minSeverity && `severity ${c.minSeverity} or worse`,
    c.windowMinutes != null && `window ${c.windowMinutes} min`,
    c.minReports != null && `more than ${c.minReports} reports`,
    c.minDevices != null && `more than ${c.minDevices} devices`,
    c.baselineFactor != null && `${c.baselineFactor}× the usual rate`,
    c.failureRate != null && `more than ${Math.round(c.failureRate * 1000) / 10} % failed`,
    c.minOutcomes != null && `after ${c.minOutcomes} outcomes`,
  ]
    .filter(Boolean)
    .join(' · ');
}
