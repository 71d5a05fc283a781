import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { User } from '../auth/user.entity';
import { createUser, replaceUserToken, revokeUserToken } from '../auth/user.service';
import { isId } from '../db/ids';
import { webhookUrlProblem } from '../webhooks/webhook-url';
import { Vendor } from './vendor.entity';
import { vendorNameTaken, vendorNotFound, vendorUserDisabled, vendorUserNotFound, webhookUrlNotAllowed } from './vendor.errors';
import type { CreateVendorInput, CreateVendorUserInput, UpdateVendorInput } from './vendor.input';
import type { Query, Sql } from '../db/sql';
import type { WebhookTarget } from '../notifications/webhook-delivery.service';

export async function createVendor({ em, services }: Scope<UserPrincipal>, input: CreateVendorInput) {
  await checkWebhookUrl(services, input.webhookUrl);
  const vendor = new Vendor(input.name.trim(), input.webhookUrl, input.webhookSecret);
  await saveVendor(em, vendor);
  return vendor;
}

/**
 * Changes what the input names (absent: unchanged; null clears the URL or the secret). Everything
 * is checked before anything is written, and the change is one UPDATE, so a refusal changes nothing.
 * Disabling stops the vendor's users at once: the token lookup refuses them from the commit on, and
 * every process forgets the ones it remembers and closes their connections.
 */
export async function updateVendor(scope: Scope<UserPrincipal>, id: string, input: UpdateVendorInput) {
  const { em, services } = scope;
  // The secret is written without being read (it is lazy); test/vendors.test.ts proves that null clears it.
  const vendor = await vendorById(em, id);
  await checkWebhookUrl(services, input.webhookUrl);
  if (input.name != null) vendor.name = input.name.trim();
  if (input.webhookUrl !== undefined) vendor.webhookUrl = input.webhookUrl;
  if (input.webhookSecret !== undefined) vendor.setWebhookSecret(input.webhookSecret);
  if (input.disabled != null) vendor.disabledAt = input.disabled ? (vendor.disabledAt ?? new Date()) : null;
  await saveVendor(em, vendor);
  // Announced again when the vendor was disabled already: a process that died between a commit and
  // its announcement leaves other processes remembering the users; repeating the call finishes the job.
  if (input.disabled === true) {
    for (const user of await em.find(User, { vendor: vendor.id }, { fields: ['id'] })) {
      services.authenticator.revoked({ kind: 'user', id: user.id });
    }
  }
  return vendor;
}

export function listVendors(em: EntityManager) {
  return em.find(Vendor, {}, { orderBy: { name: 'asc' } });
}

export async function createVendorUser(scope: Scope<UserPrincipal>, vendorId: string, input: CreateVendorUserInput) {
  const vendor = await vendorById(scope.em, vendorId);
  return createUser(scope, { ...input, role: UserRole.VENDOR, vendor });
}

/** The vendor's users, disabled ones too, the oldest first. */
export async function listVendorUsers(em: EntityManager, vendorId: string) {
  const vendor = await vendorById(em, vendorId);
  return em.find(User, { vendor, role: UserRole.VENDOR }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** The vendor user's token stops working for good, at once and in every process. Idempotent. */
export async function disableVendorUser(scope: Scope<UserPrincipal>, id: string) {
  return revokeUserToken(scope, await vendorUser(scope.em, id));
}

/**
 * A new token for the vendor user (their integration's credential leaked, or is due for rotation);
 * the old one stops working at once everywhere. Refused for a disabled user: disabling is for good.
 * Allowed while the vendor is disabled (replace a leaked token before enabling the vendor again).
 */
export async function rotateVendorUserToken(scope: Scope<UserPrincipal>, id: string) {
  const user = await vendorUser(scope.em, id);
  if (user.revokedAt) throw vendorUserDisabled(id);
  return replaceUserToken(scope, user);
}

async function vendorById(em: EntityManager, id: string): Promise<Vendor> {
  const vendor = isId(id) ? await em.findOne(Vendor, id) : null;
  if (!vendor) throw vendorNotFound(id);
  return vendor;
}

/** A vendor's user by id; staff accounts are not found here, so they cannot be changed through it. */
async function vendorUser(em: EntityManager, id: string): Promise<User> {
  const user = isId(id) ? await em.findOne(User, { id, role: UserRole.VENDOR }) : null;
  if (!user) throw vendorUserNotFound(id);
  return user;
}

async function checkWebhookUrl(services: Services, url: string | null | undefined): Promise<void> {
  const problem = url ? await webhookUrlProblem(url, { allowPrivate: services.config.webhookAllowPrivate }) : null;
  if (problem) throw webhookUrlNotAllowed(problem);
}

async function saveVendor(em: EntityManager, vendor: Vendor): Promise<void> {
  try {
    await em.persistAndFlush(vendor);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw vendorNameTaken(vendor.name);
    throw err;
  }
}

const WEBHOOK_TARGET: Query = {
  name: 'vendor_webhook_target',
  text: `SELECT webhook_url, webhook_secret, disabled_at IS NULL AS active FROM vendor WHERE id = $1`,
};

/** Where a vendor's webhooks go now (asked at every attempt, so a corrected URL or rotated secret applies at once). */
export async function vendorWebhookTarget(sql: Sql, id: string): Promise<WebhookTarget | null> {
  const [row] = await sql.query<{ webhook_url: string | null; webhook_secret: string | null; active: boolean }>(WEBHOOK_TARGET, [id]);
  return row ? { url: row.webhook_url, secret: row.webhook_secret, active: row.active } : null;
}
