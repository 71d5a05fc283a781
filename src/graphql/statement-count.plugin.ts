import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { statementsSoFar, withStatementCount } from '../db/statement-count';

/**
 * FAULTBASE_EXPOSE_SQL_COUNT: each GraphQL request over HTTP counts its SQL statements (from the
 * token lookup to the last field) and answers with `extensions.sqlStatements`.
 * The middleware goes after the body parser: the parser resumes from stream events, outside the
 * async context a count would have started earlier.
 */
export const countStatementsPerRequest: RequestHandler = (_req, _res, next) => withStatementCount(next);

export const statementCountPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const statements = statementsSoFar();
        if (statements === undefined || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, sqlStatements: statements };
      },
    };
  },
};
