import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { createUser } from '../auth/user.service';
import { isId } from '../db/ids';
import { conflict, DomainError, ErrorCode, notFound } from '../graphql/errors';
import { webhookUrlProblem } from '../webhooks/webhook-url';
import type { CreateVendorInput, CreateVendorUserInput } from './vendor.input';
import { Vendor } from './vendor.entity';

export async function createVendor({ em, services }: Scope<UserPrincipal>, input: CreateVendorInput) {
  const allowPrivate = services.config.webhookAllowPrivate;
  const problem = input.webhookUrl ? await webhookUrlProblem(input.webhookUrl, { allowPrivate }) : null;
  if (problem) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `input.webhookUrl ${problem}.`, {
      reason: 'WEBHOOK_URL_NOT_ALLOWED',
      fields: [{ path: ['input', 'webhookUrl'], message: problem }],
    });
  }
  const vendor = new Vendor(input.name.trim(), input.webhookUrl);
  try {
    await em.persistAndFlush(vendor);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict(`A vendor named ${vendor.name} exists.`);
    throw err;
  }
  return vendor;
}

export async function createVendorUser(scope: Scope<UserPrincipal>, vendorId: string, input: CreateVendorUserInput) {
  const vendor = isId(vendorId) ? await scope.em.findOne(Vendor, vendorId) : null;
  if (!vendor) throw notFound('Vendor', vendorId);
  return createUser(scope, { ...input, role: UserRole.VENDOR, vendor });
}

export function listVendors(em: EntityManager) {
  return em.find(Vendor, {}, { orderBy: { name: 'asc' } });
}
