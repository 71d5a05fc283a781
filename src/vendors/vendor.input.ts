import { IsOptional, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonInput } from '../auth/person.input';
import { IsNotBlank } from '../graphql/validators/validators';

/** A webhook secret's length in characters: at least 16 as DOMAIN.md asks, at most what any sane key needs. */
export const WEBHOOK_SECRET_LENGTH = { min: 16, max: 200 } as const;

const NAME = "The organisation's name, unique among vendors; not blank, at most 200 characters, stored trimmed.";
const WEBHOOK_URL =
  'Where ticket events are posted (http or https); private, loopback and link-local targets are refused unless the operator allows them. ' +
  'Webhooks are sent only when both a URL and a secret are set.';
const WEBHOOK_SECRET =
  `The key that signs each webhook delivery (the \`faultbase-signature\` header, HMAC-SHA256), as GitHub webhooks do: ` +
  `${WEBHOOK_SECRET_LENGTH.min} to ${WEBHOOK_SECRET_LENGTH.max} characters, stored as given and never shown back (see Vendor.webhookSecretSet). ` +
  'Webhooks are sent only when both a URL and a secret are set.';

const WebhookUrl = () => IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true });

@InputType({ description: 'A vendor to add.' })
export class CreateVendorInput {
  @Field({ description: NAME })
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true, description: WEBHOOK_URL })
  @IsOptional()
  @WebhookUrl()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: WEBHOOK_SECRET })
  @IsOptional()
  @MinLength(WEBHOOK_SECRET_LENGTH.min)
  @MaxLength(WEBHOOK_SECRET_LENGTH.max)
  webhookSecret?: string | null;
}

@InputType({ description: 'Changes to a vendor; an absent field stays as it is.' })
export class UpdateVendorInput {
  @Field(() => String, { nullable: true, description: `${NAME} Absent or null: unchanged.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: `${WEBHOOK_URL} Null removes the URL.` })
  @IsOptional()
  @WebhookUrl()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: `${WEBHOOK_SECRET} Null removes the secret (deliveries stop).` })
  @IsOptional()
  @MinLength(WEBHOOK_SECRET_LENGTH.min)
  @MaxLength(WEBHOOK_SECRET_LENGTH.max)
  webhookSecret?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true disables the vendor: every one of its users' tokens stops working at once (open connections close) and nothing can be escalated to it; " +
      'false enables it again (users not disabled one by one work again). Absent or null: unchanged.',
  })
  @IsOptional()
  disabled?: boolean | null;
}

@InputType({ description: "A vendor partner's user to create." })
export class CreateVendorUserInput extends PersonInput {}
