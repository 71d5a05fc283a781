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

registerEnumType(Severity, { name: 'Severity', description: 'How bad a fault was for the user.' });
