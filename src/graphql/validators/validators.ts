import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isId } from '../../db/ids';

const FREE_TEXT = Symbol('faultbase:free-text');

/**
 * Marks text a device collected (a message, a trace, attributes): text PostgreSQL cannot store is
 * replaced there instead of refusing the report (see screenText in validation.ts).
 */
export function FreeText(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(FREE_TEXT, true, target, property);
}

export const isFreeText = (target: object, property: string): boolean => Reflect.getMetadata(FREE_TEXT, target, property) === true;

/** An id (a UUID): anything else names no row, and must not reach PostgreSQL as a uuid. */
export function IsId(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isId',
      target: target.constructor,
      propertyName: property,
      options: { message: 'is not an id', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isId(value) },
    });
}

/** Not empty and not only whitespace. */
export function IsNotBlank(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isNotBlank',
      target: target.constructor,
      propertyName: property,
      options: { message: 'must not be empty', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 },
    });
}

/** At most `max` bytes of UTF-8, the unit in which limits are stated to device SDK authors. */
export function MaxBytes(max: number, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'maxBytes',
      target: target.constructor,
      propertyName: property,
      constraints: [max],
      options: { message: `must be at most ${max} bytes (UTF-8)`, ...options },
      validator: {
        validate: (value: unknown) => value == null || (typeof value === 'string' && Buffer.byteLength(value) <= max),
      },
    });
}

/** A JSON object of at most `maxKeys` top-level keys, `maxDepth` levels of nesting and `maxBytes` bytes once serialised. */
export function IsBoundedJsonObject(maxKeys: number, maxDepth: number, maxBytes: number, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isBoundedJsonObject',
      target: target.constructor,
      propertyName: property,
      constraints: [maxKeys, maxDepth, maxBytes],
      options: { message: `must be a JSON object of at most ${maxKeys} keys, ${maxDepth} levels and ${maxBytes} bytes`, ...options },
      validator: {
        validate(value: unknown) {
          if (value == null) return true;
          if (typeof value !== 'object' || Array.isArray(value)) return false;
          if (Object.keys(value).length > maxKeys || depthOf(value) > maxDepth) return false;
          return Buffer.byteLength(JSON.stringify(value)) <= maxBytes;
        },
      },
    });
}

/** Levels of nesting of a JSON value (a scalar is 0, {} or [] is 1), without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** A date no earlier than `earliest` and no later than now plus `skewMs` (device clocks drift). */
export function IsPlausibleDate(earliest: Date, skewMs: number, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isPlausibleDate',
      target: target.constructor,
      propertyName: property,
      constraints: [earliest.toISOString(), skewMs],
      options: {
        message: `must be between ${earliest.toISOString()} and ${skewMs / 3_600_000} h from now`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (!(value instanceof Date) || Number.isNaN(value.getTime())) return false;
          return value.getTime() >= earliest.getTime() && value.getTime() <= Date.now() + skewMs;
        },
      },
    });
}
