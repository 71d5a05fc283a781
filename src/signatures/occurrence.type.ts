import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum OccurrenceBucketSize {
  HOUR = 'HOUR',
  DAY = 'DAY',
}

registerEnumType(OccurrenceBucketSize, {
  name: 'OccurrenceBucketSize',
  description: 'The width of an occurrence bucket (UTC hours or days).',
  valuesConfig: {
    HOUR: { description: 'One bucket per whole UTC hour.' },
    DAY: { description: 'One bucket per UTC day, from midnight UTC.' },
  },
});

@ObjectType('OccurrenceBucket', { description: 'How many reports of a signature were received in one hour or day.' })
export class OccurrenceBucket {
  @Field({ description: 'The start of the bucket: a whole UTC hour or midnight UTC.' })
  start!: Date;

  @Field(() => Int, { description: 'Reports received in [start, start + one bucket).' })
  count!: number;
}
