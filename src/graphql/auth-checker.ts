import type { AuthChecker } from 'type-graphql';
import type { CallerContext } from './caller';
import { forbidden, unauthenticated } from './errors';

/**
 * `@Authorized()` admits any authenticated caller; `@Authorized(Role.ADMIN, …)` only those roles.
 * It throws rather than returning false so that the codes are ours: UNAUTHENTICATED when there is
 * no valid token, FORBIDDEN when the caller may not do this.
 */
export const authChecker: AuthChecker<CallerContext, string> = ({ context, info }, roles) => {
  if (!context.principal) {
    throw unauthenticated(
      context.tokenPresented ? 'The bearer token is not valid or has been revoked.' : 'A bearer token is required.',
      context.tokenPresented,
    );
  }
  if (roles.length === 0 || roles.includes(context.principal.role)) return true;
  throw forbidden(`${context.principal.role} may not use ${info.parentType.name}.${info.fieldName}.`);
};
