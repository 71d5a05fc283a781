import { Connection } from '../graphql/connection';
import { FaultReportType } from '../reports/report.type';
import { FaultSignatureType } from './signature.type';

export const FaultSignatureConnection = Connection('FaultSignature', FaultSignatureType);
export const FaultReportConnection = Connection('FaultReport', FaultReportType);
