import { Embeddable, Enum, Property } from '@mikro-orm/core';
import { Severity } from '../reports/severity';

/**
 * Server-written configuration that tells a device whether and what to report (the OMA
 * "operator configures the device to report" precondition). The server enforces it too.
 */
@Embeddable()
export class ReportingPolicy {
  @Property({ type: 'boolean', default: true })
  enabled = true;

  @Enum({ items: () => Severity, nativeEnumName: 'severity' })
  minSeverity: Severity = Severity.WARNING;

  @Property({ type: 'integer', default: 120 })
  maxReportsPerHour = 120;

  @Property({ type: 'boolean', default: true })
  collectStackTrace = true;

  @Property({ type: 'boolean', default: true })
  collectAttributes = true;
}
