import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from the server's schema: every `graphql(...)` in src/ is checked against
 * schema/schema.graphql, so a schema change that breaks the console fails `npm test` (typecheck).
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
