import type { ApolloServerPlugin } from '@apollo/server';
import type { CallerContext } from './caller';
import { checkCost } from './limits';
import { checkIntrospection, hideSuggestions } from './schema-visibility';

/**
 * The checks of an HTTP operation that need the caller or the variables, run by Apollo once the
 * operation is parsed and validated and before it executes; graphql-ws runs the same functions in
 * its onSubscribe (websocket.ts). Size, tokens, depth, aliases and directives are Apollo's
 * parseOptions and validationRules, from limits.ts too.
 */
export const operationChecksPlugin: ApolloServerPlugin<CallerContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operationName, request, schema, contextValue }) {
        checkIntrospection(document, operationName, contextValue.principal);
        checkCost(schema, document, operationName, request.variables);
      },
      async didEncounterErrors({ errors, contextValue }) {
        hideSuggestions(errors, contextValue.principal);
      },
    };
  },
};
