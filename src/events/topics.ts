/**
 * A topic of the event bus, typed by the payload its events carry. A domain declares its topics
 * with defineTopics in its `<domain>.events.ts`; the name is the key it is declared under, so it is
 * written once, and the payload type travels with the name to every publisher and subscriber.
 */
export type Topic<P> = string & { readonly __payload?: P };

/** The payload a topic carries. */
export type PayloadOf<T> = T extends Topic<infer P> ? P : never;

/** A marker for defineTopics: `payload<SignatureChangedEvent>()`. It has no value at run time. */
export const payload = <P>(): P => undefined as P;

/** `{ NAME: payload<P>() }` → `{ NAME: 'NAME' as Topic<P> }`. */
export function defineTopics<const M extends Record<string, unknown>>(payloads: M): { readonly [K in keyof M & string]: K & Topic<M[K]> } {
  return Object.fromEntries(Object.keys(payloads).map((name) => [name, name])) as never;
}
