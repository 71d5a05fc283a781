import { conflict, notFound } from '../graphql/errors';

export const deviceNotFound = (id: string) => notFound('Device', id);
export const serialAlreadyRegistered = (manufacturer: string, serial: string) =>
  conflict(`An active ${manufacturer} device with serial number ${serial} is already registered; revoke it first.`);
