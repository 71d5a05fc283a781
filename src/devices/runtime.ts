import { MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';

@InputType({ description: 'An execution environment, e.g. MIDP 2.0 or Android 14.' })
export class RuntimeInput {
  @Field({ description: 'e.g. MIDP, CLDC, Android, Linux' })
  @IsNotBlank()
  @MaxLength(64)
  name!: string;

  @Field()
  @IsNotBlank()
  @MaxLength(64)
  version!: string;
}

@ObjectType('Runtime', { description: 'An execution environment, e.g. MIDP 2.0.' })
export class RuntimeType {
  @Field()
  name!: string;

  @Field()
  version!: string;
}

export function runtimeOf(name?: string | null, version?: string | null): RuntimeType | null {
  return name ? { name, version: version ?? '' } : null;
}
