import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('StackFrame', { description: 'One parsed frame, innermost first, and whether it identifies the fault.' })
export class StackFrameType {
  @Field({ description: 'Normalised function or method name.' })
  function!: string;

  @Field(() => String, { nullable: true })
  module!: string | null;

  @Field(() => String, { nullable: true })
  file!: string | null;

  @Field(() => Int, { nullable: true, description: 'As reported; never used for grouping.' })
  line!: number | null;

  @Field({ description: 'An application frame, as opposed to a runtime or library frame.' })
  inApp!: boolean;

  @Field({ description: 'Whether this frame went into the fingerprint.' })
  contributes!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it did not contribute.' })
  hint!: string | null;

  @Field({ description: 'The line as sent (cut to a safe length).' })
  raw!: string;
}

@ObjectType('GroupingComponent', { description: 'One value considered for the fingerprint.' })
export class GroupingComponentType {
  @Field({ description: 'errorCode, exceptionType, application, frames or message.' })
  id!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field()
  contributes!: boolean;

  @Field(() => String, { nullable: true })
  hint!: string | null;
}
