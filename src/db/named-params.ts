/**
 * A statement written with named parameters (`:from`, `:rule`) as the driver's `?` placeholders and
 * the values in their order: long statements stay readable, and a name used twice is bound twice.
 * `::type` casts are left alone. A name the statement uses but `params` lacks is a programming
 * error, thrown at once rather than sent as null.
 */
export function bindNamed(sql: string, params: Record<string, unknown>): [string, unknown[]] {
  const values: unknown[] = [];
  const text = sql.replace(/(?<![:\w]):([a-zA-Z_]\w*)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name}`);
    values.push(params[name] ?? null);
    return '?';
  });
  return [text, values];
}
