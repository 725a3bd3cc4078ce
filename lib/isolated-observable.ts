import { Observable, type Observer, type Operator, Subscription } from 'rxjs';

/**
 * An Observable whose subscribers cannot hurt the emitter or each other: an error thrown by a
 * subscriber's callback is handed to `onError` instead of being rethrown by rxjs on a timer
 * (which would crash the process). It stays isolated through `pipe()`, since every operator
 * applied to it yields another isolated Observable.
 */
export class IsolatedObservable<T> extends Observable<T> {
  constructor(
    subscribe: ((this: Observable<T>, subscriber: import('rxjs').Subscriber<T>) => unknown) | undefined,
    private readonly onError: (error: unknown) => void,
  ) {
    super(subscribe as never);
  }

  /** @internal rxjs calls it for every operator; the result stays isolated. */
  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const lifted = new IsolatedObservable<R>(undefined, this.onError);
    lifted.source = this;
    lifted.operator = operator;
    return lifted;
  }

  override subscribe(observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null): Subscription {
    const { onError } = this;
    if (typeof observerOrNext === 'function') return super.subscribe(guarded(observerOrNext, onError));
    if (!observerOrNext) return super.subscribe();
    const subscription = super.subscribe({
      next: guarded(observerOrNext.next?.bind(observerOrNext), onError),
      error: guarded(observerOrNext.error?.bind(observerOrNext), onError),
      complete: guarded(observerOrNext.complete?.bind(observerOrNext), onError),
    });
    // An operator subscribes with a Subscriber of its own: when that one is unsubscribed (the
    // subscriber at the end of the pipe went away), so is this subscription, and its teardown runs.
    if (observerOrNext instanceof Subscription) observerOrNext.add(subscription);
    return subscription;
  }
}

/** `callback`, with what it throws handed to `onError` (it keeps nothing else alive, such as the Observable). */
function guarded<A extends unknown[]>(callback: ((...args: A) => void) | undefined, onError: (error: unknown) => void): ((...args: A) => void) | undefined {
  return (
    callback &&
    ((...args: A) => {
      try {
        callback(...args);
      } catch (error) {
        onError(error);
      }
    })
  );
}
