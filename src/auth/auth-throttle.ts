import { RateLimiterMemory } from 'rate-limiter-flexible';
import { authThrottled } from './auth.errors';

const WINDOW_SECONDS = 60;

/**
 * Failed authentications per client address: past `perMinute` in a minute, the address's unknown
 * tokens are refused without a database lookup until the minute is over. Guessing tokens is
 * hopeless (256 bits), but answering every guess costs a lookup each, and a flood of them slowed
 * ingest tenfold. Tokens already known to be valid are never looked up, so a device behind the
 * same address keeps working (see Authenticator). Counted per server process.
 */
export class AuthThrottle {
  private readonly failures: RateLimiterMemory;

  constructor(private readonly perMinute: number) {
    this.failures = new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS });
  }

  /** Throws RATE_LIMITED while the address is over its failures. */
  async check(address: string): Promise<void> {
    const state = await this.failures.get(address);
    if (state && state.consumedPoints >= this.perMinute) throw authThrottled(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
  }

  async failed(address: string): Promise<void> {
    // consume() rejects once the points are used up; the state is what check() reads.
    await this.failures.consume(address).catch(() => undefined);
  }
}
