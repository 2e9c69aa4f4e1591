/** A promise settled from outside, for a test that decides when an answer lands (Node 20 has no Promise.withResolvers). */
export type Deferred<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void };

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks and timers of 0 ms run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
