import { Badge } from '@mantine/core';
import type { SignatureStatus } from '../gql/graphql';

const COLOR: Record<SignatureStatus, string> = {
  NEW: 'blue',
  INVESTIGATING: 'violet',
  ESCALATED: 'orange',
  RESOLVED: 'teal',
  REGRESSED: 'red',
  IGNORED: 'gray',
};

export function StatusBadge({ status }: { status: SignatureStatus }) {
  return (
    <Badge color={COLOR[status]} variant="light" data-testid="status">
      {status}
    </Badge>
  );
}
