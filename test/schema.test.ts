import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType, isSpecifiedScalarType, type GraphQLType } from 'graphql';

const SDL = resolve(__dirname, '../schema/schema.graphql');

it('schema/schema.graphql matches the schema the server builds', () => {
  // Throws (with the script's message) when the checked-in SDL is stale: run `npm run schema`.
  execFileSync(process.execPath, [resolve(__dirname, '../dist/src/app/emit-schema.js'), '--check'], { stdio: 'pipe' });
});

/** Every element of the schema a client sees, by its coordinate (Type, Type.field, Type.field(arg:), Enum.VALUE). */
function undescribed(sdl: string): string[] {
  const schema = buildSchema(sdl);
  const missing: string[] = [];
  const need = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    need(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      // The root types are described by their fields.
      const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type as never);
      if (root) missing.pop();
      for (const field of Object.values(type.getFields())) {
        need(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) need(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) need(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
    } else if (isScalarType(type)) {
      // Custom scalars (DateTimeISO, JSONObject) come with their own descriptions.
    }
  }
  return missing;
}

it('every type, field, argument, input field and enum value has a description', () => {
  expect(undescribed(readFileSync(SDL, 'utf8'))).toEqual([]);
});

/** The type a field returns, lists and non-null unwrapped. */
const isList = (type: GraphQLType): boolean => (isNonNullType(type) ? isList(type.ofType) : isListType(type));

it('every list or connection field declares its cost, and says it in its description', async () => {
  // The schema as the server builds it (the SDL carries no field extensions, where the cost lives).
  require('reflect-metadata');
  const { createSchema } = require('../dist/src/app/schema') as typeof import('../src/app/schema');
  const schema = await createSchema();
  const silent: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      let named: GraphQLType = field.type;
      while (isNonNullType(named) || isListType(named)) named = named.ofType;
      const listLike = isList(field.type) || ('name' in named && named.name.endsWith('Connection'));
      // A connection's edges are counted on the field that returns the connection.
      if (!listLike || (type.name.endsWith('Connection') && field.name === 'edges')) continue;
      if (!/Cost: /.test(field.description ?? '') || field.extensions.complexity === undefined) silent.push(`${type.name}.${field.name}`);
    }
  }
  expect(silent).toEqual([]);
});
