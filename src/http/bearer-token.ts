/** The token of an `Authorization: Bearer <token>` header (HTTP, or graphql-ws connectionParams.authorization). */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
