import { describe, expect, it, vi } from 'vitest';
import { filter, map, Subject } from 'rxjs';
import { IsolatedObservable } from './isolated-observable.js';

/** An isolated Observable over a Subject, with its subscriptions counted and its subscribers' errors kept. */
function isolatedSubject() {
  const subject = new Subject<number>();
  let open = 0;
  const errors: unknown[] = [];
  const observable = new IsolatedObservable<number>(
    (subscriber) => {
      open++;
      const inner = subject.subscribe(subscriber);
      return () => {
        open--;
        inner.unsubscribe();
      };
    },
    (error) => errors.push(error),
  );
  return { subject, observable, errors, open: () => open };
}

describe('IsolatedObservable', () => {
  it('runs the teardown when a subscriber at the end of a pipe unsubscribes', () => {
    const { subject, observable, open } = isolatedSubject();
    const seen: number[] = [];
    const subscription = observable.pipe(filter((value) => value > 1), map((value) => value * 10)).subscribe((value) => seen.push(value));
    subject.next(1);
    subject.next(2);
    expect(open()).toBe(1);
    subscription.unsubscribe();
    expect(open()).toBe(0);
    expect(subject.observed).toBe(false);
    subject.next(3);
    expect(seen).toEqual([20]);
  });

  it('hands an error thrown by a subscriber at the end of a pipe to onError; the others still get the value', () => {
    const { subject, observable, errors } = isolatedSubject();
    const other = vi.fn();
    observable.pipe(map((value) => value + 1)).subscribe(() => {
      throw new Error('subscriber bug');
    });
    observable.subscribe(other);
    subject.next(1);
    expect(errors).toEqual([new Error('subscriber bug')]);
    expect(other).toHaveBeenCalledWith(1);
  });
});
