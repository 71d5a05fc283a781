import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { createUser } from '../auth/user.service';
import { isId } from '../db/ids';
import { vendorNameTaken, vendorNotFound, webhookUrlNotAllowed } from './vendor.errors';
import { webhookUrlProblem } from '../webhooks/webhook-url';
import type { CreateVendorInput, CreateVendorUserInput } from './vendor.input';
import { Vendor } from './vendor.entity';

export async function createVendor({ em, services }: Scope<UserPrincipal>, input: CreateVendorInput) {
  const allowPrivate = services.config.webhookAllowPrivate;
  const problem = input.webhookUrl ? await webhookUrlProblem(input.webhookUrl, { allowPrivate }) : null;
  if (problem) throw webhookUrlNotAllowed(problem);
  const vendor = new Vendor(input.name.trim(), input.webhookUrl);
  try {
    await em.persistAndFlush(vendor);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw vendorNameTaken(vendor.name);
    throw err;
  }
  return vendor;
}

export async function createVendorUser(scope: Scope<UserPrincipal>, vendorId: string, input: CreateVendorUserInput) {
  const vendor = isId(vendorId) ? await scope.em.findOne(Vendor, vendorId) : null;
  if (!vendor) throw vendorNotFound(vendorId);
  return createUser(scope, { ...input, role: UserRole.VENDOR, vendor });
}

export function listVendors(em: EntityManager) {
  return em.find(Vendor, {}, { orderBy: { name: 'asc' } });
}
