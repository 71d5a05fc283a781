import { groupFault } from './fingerprint';
import { similarity } from './similarity';

const fault = (type: string, message: string, ...frames: string[]) =>
  groupFault({ errorCode: 'E', applicationName: 'A', stackTrace: [`${type}: ${message}`, ...frames.map((f) => `\tat com.acme.${f}(X.java:1)`)].join('\n') });

const take = fault('java.lang.IllegalStateException', 'pool closed', 'Pool.take', 'Worker.run', 'Main.main');

describe('similarity: the measure behind FaultSignature.similar', () => {
  it('identical stacks, type and message score 1', () => {
    expect(similarity(take, take)).toEqual({ score: 1, reason: 'same exception type; crashes in the same place (Pool.take); 2 more frames shared; same message' });
  });

  it('scores, against Pool.take ← Worker.run ← Main.main, IllegalStateException "pool closed"', () => {
    const otherCaller = fault('java.lang.IllegalStateException', 'pool closed', 'Pool.take', 'Scheduler.tick', 'Main.main');
    const otherMessage = fault('java.lang.IllegalStateException', 'pool exhausted after <int> waits', 'Pool.take', 'Worker.run', 'Main.main');
    const sharedCaller = fault('java.lang.IllegalStateException', 'pool closed', 'Cache.get', 'Worker.run', 'Main.main');
    const otherType = fault('java.lang.NullPointerException', 'pool closed', 'Pool.take', 'Worker.run', 'Main.main');
    const nothing = fault('java.lang.NullPointerException', 'x', 'Http.send');
    expect(
      Object.fromEntries(Object.entries({ otherMessage, otherCaller, otherType, sharedCaller, nothing }).map(([k, b]) => [k, similarity(take, b).score])),
    ).toEqual({
      otherMessage: 0.875, // same frames and type: the message has the least weight
      otherCaller: 0.808, // same crash site, the frames nearest the crash weigh most
      otherType: 0.75,
      sharedCaller: 0.727, // the callers match, the crash site does not
      nothing: 0,
    });
    expect(similarity(take, otherCaller).reason).toBe('same exception type; crashes in the same place (Pool.take); 1 more frame shared; same message');
    expect(similarity(take, sharedCaller).reason).toBe('same exception type; 2 frames shared, not the crashing one; same message');
    expect(similarity(take, nothing)).toEqual({ score: 0, reason: 'another exception type; no frame shared; other message' });
  });

  it('is symmetric for stacks of one length', () => {
    const b = fault('java.lang.IllegalStateException', 'pool closed', 'Pool.take', 'Scheduler.tick', 'Main.main');
    expect(similarity(take, b).score).toBe(similarity(b, take).score);
  });

  it('a recursion repeated more often is no less alike: repeats are left out', () => {
    const shallow = fault('java.lang.Error', 'x', 'Json.read', 'Json.readArray', 'Json.read', 'Json.readArray', 'App.run');
    const deep = fault('java.lang.Error', 'x', 'Json.read', ...Array.from({ length: 6 }, () => ['Json.readArray', 'Json.read']).flat(), 'Json.readArray', 'App.run');
    expect(similarity(shallow, deep).score).toBe(1);
  });
});
