import { MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';

@InputType({ description: 'An execution environment, e.g. MIDP 2.0 or Android 14.' })
export class RuntimeInput {
  @Field({ description: 'e.g. MIDP, CLDC, Android, Linux' })
  @IsNotBlank()
  @MaxLength(64)
  name!: string;

  @Field({ description: 'e.g. 2.0 or 14; not blank, at most 64 characters.' })
  @IsNotBlank()
  @MaxLength(64)
  version!: string;
}

@ObjectType('Runtime', { description: 'An execution environment, e.g. MIDP 2.0.' })
export class RuntimeType {
  @Field({ description: 'The runtime, e.g. MIDP, CLDC, Android or Linux.' })
  name!: string;

  @Field({ description: 'Its version, e.g. 2.0.' })
  version!: string;
}

export function runtimeOf(name?: string | null, version?: string | null): RuntimeType | null {
  return name ? { name, version: version ?? '' } : null;
}
