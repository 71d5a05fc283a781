import { randomBytes } from 'node:crypto';
import type { Query, Sql } from './sql';

const ENSURE: Query = {
  name: 'server_secret_ensure',
  text: `WITH made AS (INSERT INTO server_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
         SELECT value FROM made UNION ALL SELECT value FROM server_secret WHERE name = $1 LIMIT 1`,
};

/**
 * Keys the server makes for itself (the pseudonym key of vendor tickets): random, made once by
 * whichever process asks first, kept in the database so that every process and every restart uses
 * the same one, and remembered here after the first read. Losing the database loses them with the
 * data they protect; an operator never has to set one.
 */
export class ServerSecrets {
  private readonly known = new Map<string, Promise<string>>();

  constructor(private readonly sql: Sql) {}

  get(name: string): Promise<string> {
    let secret = this.known.get(name);
    if (!secret) {
      secret = this.read(name);
      // A failed read is not remembered: the next call asks again.
      secret.catch(() => this.known.delete(name));
      this.known.set(name, secret);
    }
    return secret;
  }

  /**
   * Another process may be making the same secret at this moment: then the insert waits for it and
   * does nothing, and the statement's snapshot predates its row. Asking again sees it.
   */
  private async read(name: string): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = await this.sql.query<{ value: string }>(ENSURE, [name, randomBytes(32).toString('hex')]);
      if (row) return row.value;
    }
    throw new Error(`server secret ${name} could not be read`);
  }
}
