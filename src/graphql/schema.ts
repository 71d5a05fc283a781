import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { UserResolver } from '../auth/user.resolver';
import { DeviceResolver } from '../devices/device.resolver';
import { ReceiptResolver, ReportResolver } from '../reports/report.resolver';
import { BreakdownResolver } from '../signatures/breakdown.resolver';
import { SignatureResolver } from '../signatures/signature.resolver';
import { VendorResolver } from '../vendors/vendor.resolver';
import { authChecker } from './auth-checker';
import { validateArgument } from './validation';

export const resolvers = [
  UserResolver,
  DeviceResolver,
  ReceiptResolver,
  ReportResolver,
  SignatureResolver,
  BreakdownResolver,
  VendorResolver,
] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
}
