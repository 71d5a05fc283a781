import { IsOptional, IsUrl, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonInput } from '../auth/person.input';
import { IsNotBlank } from '../graphql/validators/validators';

@InputType()
export class CreateVendorInput {
  @Field()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Where ticket events are posted (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  @MaxLength(2000)
  webhookUrl?: string;
}

@InputType()
export class CreateVendorUserInput extends PersonInput {}
