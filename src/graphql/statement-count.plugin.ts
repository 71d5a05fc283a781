import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { execute, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { statementsSoFar, withStatementCount, type StatementCount } from '../db/statement-count';

/**
 * FAULTBASE_EXPOSE_SQL_COUNT: each GraphQL request over HTTP counts its SQL statements (from the
 * token lookup to the last field) and answers with `extensions.sqlStatements`.
 * The count starts before the caller is resolved and is entered again after the body is read: the
 * body parser resumes from stream events, outside the async context the count started in.
 */
export const startStatementCount: RequestHandler = (_req, res, next) => {
  const count: StatementCount = { statements: 0 };
  res.locals.statementCount = count;
  withStatementCount(next, count);
};

export const resumeStatementCount: RequestHandler = (_req, res, next) => withStatementCount(next, res.locals.statementCount as StatementCount);

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

/** The count of the work that produced one result, in its `extensions.sqlStatements`. */
async function counted(work: () => Promise<ExecutionResult> | ExecutionResult): Promise<ExecutionResult> {
  return withStatementCount(async () => {
    const result = await work();
    return { ...result, extensions: { ...result.extensions, sqlStatements: statementsSoFar() } };
  });
}

/** graphql-ws's execute for queries and mutations, counted like an HTTP request (without the token lookup). */
export const countedExecute = (args: ExecutionArgs) => counted(async () => execute(args));

/**
 * graphql-ws's subscribe, with every event counted on its own: graphql-js resolves an event's whole
 * selection inside the `next()` that delivers it, so a count around each `next()` is that event's.
 */
export async function countedSubscribe(args: ExecutionArgs) {
  const result = await subscribe(args);
  if (!(Symbol.asyncIterator in result)) return result;
  const events = result[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      let done = false;
      const value = await counted(async () => {
        const step = await events.next();
        done = step.done === true;
        return step.value ?? {};
      });
      return done ? { done: true, value: undefined } : { done: false, value };
    },
    // graphql-ws ends a subscription through return() (it checks that there is one).
    return: async () => (await events.return?.()) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
