import { IsOptional, IsUrl, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonInput } from '../auth/person.input';
import { IsNotBlank } from '../graphql/validators/validators';

@InputType({ description: 'A vendor to add.' })
export class CreateVendorInput {
  @Field({ description: "The organisation's name, unique among vendors; not blank, at most 200 characters, stored trimmed." })
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Where ticket events are posted (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  @MaxLength(2000)
  webhookUrl?: string;
}

@InputType({ description: "A vendor partner's user to create." })
export class CreateVendorUserInput extends PersonInput {}
