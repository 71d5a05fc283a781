import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FrameMapping } from './grouping';

/** The grouping engine's FrameMapping values, as a GraphQL enum. */
export const FrameMappingEnum = { PROGUARD: 'PROGUARD', SOURCE_MAP: 'SOURCE_MAP' } as const satisfies Record<FrameMapping, FrameMapping>;

registerEnumType(FrameMappingEnum, {
  name: 'FrameMapping',
  description: "The mapping file a frame was deobfuscated with, before grouping.",
  valuesConfig: {
    PROGUARD: { description: "The application version's ProGuard/R8 mapping.txt: class, method and line of the source." },
    SOURCE_MAP: { description: 'A source map of the application version: the original file, line and function name.' },
  },
});

@ObjectType('StackFrame', { description: 'One parsed frame, innermost first, and whether it identifies the fault.' })
export class StackFrameType {
  @Field({ description: 'Normalised function or method name.' })
  function!: string;

  @Field(() => String, { nullable: true, description: 'The package, class, module or library it lives in, e.g. libgame.so; null when unknown.' })
  module!: string | null;

  @Field(() => String, { nullable: true, description: 'The source file, without line or column numbers; null when unknown.' })
  file!: string | null;

  @Field(() => Int, { nullable: true, description: 'As reported; never used for grouping.' })
  line!: number | null;

  @Field({ description: 'An application frame, as opposed to a runtime or library frame.' })
  inApp!: boolean;

  @Field({ description: 'Whether this frame went into the fingerprint.' })
  contributes!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it did not contribute.' })
  hint!: string | null;

  @Field({ description: 'The line as sent (cut to a safe length); for a deobfuscated frame, the obfuscated or minified line it was mapped from.' })
  raw!: string;

  @Field(() => FrameMappingEnum, {
    nullable: true,
    description:
      "Set when the frame was mapped back to the source with the application version's mapping files (function, module, file and line then read the source; an inlined method gives several frames with one raw line); null: as the device sent it.",
  })
  mapping?: FrameMapping | null;
}

@ObjectType('GroupingComponent', { description: 'One value considered for the fingerprint.' })
export class GroupingComponentType {
  @Field({ description: 'errorCode, exceptionType, application, frames or message; rule when a GROUP_TOGETHER grouping rule decided the group.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The normalised value (frames: the identifying frames, one per line; rule: the rule id); null when the report had none.',
  })
  value!: string | null;

  @Field({ description: 'Whether this value went into the fingerprint.' })
  contributes!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it did not contribute (e.g. "ignored: no message") or a note on how it did; else null.' })
  hint!: string | null;
}
