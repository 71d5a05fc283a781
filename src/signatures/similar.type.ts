import { Field, Float, ObjectType } from 'type-graphql';

/** A suggestion: another signature that may be the same fault, with how alike and why (issue 15). */
@ObjectType('SimilarSignature', {
  description: 'Another signature that may be the same fault: merge it with mergeSignatures if it is.',
})
export class SimilarSignatureType {
  // signature is a field resolver (SimilarSignatureResolver), loaded in one batch per request.
  signatureId!: string;

  @Field(() => Float, {
    description:
      'How alike, 0 to 1 (docs/grouping.md, Similar signatures): 0.6 × the frames (application frames first, those nearest ' +
      'the crash weighing most) + 0.25 × the same exception type + 0.15 × the words the message templates share.',
  })
  score!: number;

  @Field({ description: 'Why, in words: e.g. "same exception type; crashes in the same place (Pool.take); 1 more frame shared; same message".' })
  reason!: string;
}
