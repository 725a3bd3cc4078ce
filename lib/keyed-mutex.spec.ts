import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';
import { StoreTimeoutError } from './time-limited-storage.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('KeyedMutex', () => {
  it('runs the tasks of one key one at a time, in order', async () => {
    const mutex = new KeyedMutex(1000);
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((name) => mutex.run('key', task(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('makes read-modify-write sequences atomic', async () => {
    const mutex = new KeyedMutex(1000);
    let value = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        mutex.run('counter', async () => {
          const read = value;
          await tick();
          value = read + 1;
        }),
      ),
    );
    expect(value).toBe(50);
  });

  it('runs tasks of different keys side by side', async () => {
    const mutex = new KeyedMutex(1000);
    let release!: () => void;
    const blocked = mutex.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(mutex.run('b', async () => 'b ran')).resolves.toBe('b ran');
    release();
    await blocked;
  });

  it('goes on after a task fails, and passes its error to its caller only', async () => {
    const mutex = new KeyedMutex(1000);
    const failed = mutex.run('key', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('key', async () => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('time-limits every task, queued or not: a hung task holds the key for at most the limit, and the queue drains', async () => {
    const mutex = new KeyedMutex(50);
    const hung = mutex.run('key', () => new Promise<never>(() => undefined));
    const queued = Array.from({ length: 5 }, (_, index) => mutex.run('key', async () => index).catch((error: Error) => error.name));
    await expect(hung).rejects.toBeInstanceOf(StoreTimeoutError);
    const outcomes = await Promise.all(queued);
    expect(outcomes.length).toBe(5);
    await expect(mutex.run('key', async () => 'afterwards')).resolves.toBe('afterwards');
  });

  it('forgets a key once its tasks are done', async () => {
    const mutex = new KeyedMutex(1000);
    await Promise.all(Array.from({ length: 100 }, (_, index) => mutex.run(`key ${index}`, async () => index)));
    await tick();
    expect((mutex as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
