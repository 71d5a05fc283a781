import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import { sendTestEmail } from './email-delivery.service';
import { WebhookDeliveryType } from './webhook-delivery.type';

@Resolver()
export class EmailDeliveryResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookDeliveryType, {
    description:
      'Admin: checks the SMTP settings (FAULTBASE_SMTP_URL, FAULTBASE_MAIL_FROM) by sending one test e-mail to these addresses, ' +
      'queued like an alert: the delivery it returns shows in webhookDeliveries whether it was accepted, refused (and why) or is being retried. ' +
      'EMAIL_RECIPIENTS_INVALID (nothing queued) when an address is not a plain local@domain, or there are none or more than 50.',
  })
  sendTestEmail(@Arg('to', () => [String], { description: 'The recipients: plain addresses (local@domain), 1 to 50.' }) to: string[], @Ctx() ctx: Context) {
    return sendTestEmail(requireUser(ctx), to);
  }
}
