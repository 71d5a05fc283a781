import { registerEnumType } from 'type-graphql';

export enum Severity {
  WARNING = 'WARNING',
  ERROR = 'ERROR',
  FATAL = 'FATAL',
}

/** Ordered from least to most severe, for the policy's minSeverity. */
export const SEVERITY_RANK: Record<Severity, number> = {
  [Severity.WARNING]: 0,
  [Severity.ERROR]: 1,
  [Severity.FATAL]: 2,
};

registerEnumType(Severity, {
  name: 'Severity',
  description: 'How bad a fault was for the user.',
  valuesConfig: {
    WARNING: { description: 'The least severe: something went wrong, but the application carried on.' },
    ERROR: { description: 'An operation failed, but the application kept running.' },
    FATAL: { description: 'The most severe: the application crashed or had to stop.' },
  },
});
