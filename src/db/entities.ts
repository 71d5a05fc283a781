import { User } from '../auth/user.entity';
import { Device } from '../devices/device.entity';
import { ReportingPolicy } from '../devices/reporting-policy.embeddable';
import { FaultReport } from '../reports/report.entity';
import { SignatureBreakdown } from '../signatures/breakdown.entity';
import { FingerprintRedirect } from '../signatures/fingerprint-redirect.entity';
import { GroupingRule } from '../signatures/grouping-rule.entity';
import { SignatureActivity } from '../signatures/signature-activity.entity';
import { SignatureDevice } from '../signatures/signature-device.entity';
import { FaultSignature } from '../signatures/signature.entity';
import { Vendor } from '../vendors/vendor.entity';

export const entities = [
  User,
  Vendor,
  Device,
  ReportingPolicy,
  FaultSignature,
  FaultReport,
  SignatureDevice,
  SignatureBreakdown,
  SignatureActivity,
  FingerprintRedirect,
  GroupingRule,
];
