import { describe, expect, it } from 'vitest';
import { Test } from '@nestjs/testing';
import { SingleSessionConfigError, SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';

/** Compiles a module that imports `SingleSessionModule` configured as given: the app's start-up. */
function startUp(singleSession: ReturnType<typeof SingleSessionModule.forRoot>) {
  return Test.createTestingModule({ imports: [singleSession] }).compile();
}

describe('SingleSessionModule: invalid options fail at start-up, naming the option', () => {
  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['maxSessions', { maxSessions: 0 }, /Infinity/],
    ['maxSessions', { maxSessions: -1 }, /whole number/],
    ['maxSessions', { maxSessions: 1.5 }, /whole number/],
    ['maxSessions', { maxSessions: 'x' }, /whole number/],
    ['maxSessions', { maxSessions: NaN }, /whole number/],
    ['strategy', { strategy: 'foo' }, /'evict-oldest' or 'reject-new'/],
    ['ttl', { ttl: -5 }, /milliseconds/],
    ['idleTimeout', { idleTimeout: 0 }, /milliseconds/],
    ['touchInterval', { idleTimeout: 1000, touchInterval: 5000 }, /idleTimeout/],
    ['keyPrefix', { keyPrefix: '' }, /non-empty string/],
    ['getUserId', { getUserId: 'id' }, /a function/],
    ['onStoreError', { onStoreError: 'ignore' }, /'allow' or 'deny'/],
    ['storage', { storage: {} }, /admit/],
    ['maxSesions', { maxSesions: 2 }, /known options/],
  ];

  it.each(invalid)('rejects a bad %s: %j', async (option, options, accepted) => {
    const failure = await startUp(SingleSessionModule.forRoot(options as SingleSessionModuleOptions)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SingleSessionConfigError);
    expect((failure as Error).message).toContain(`"${option}"`);
    expect((failure as Error).message).toMatch(accepted);
  });

  it('rejects bad options returned by forRootAsync\'s factory', async () => {
    await expect(startUp(SingleSessionModule.forRootAsync({ useFactory: () => ({ strategy: 'foo' as never }) }))).rejects.toThrow(
      /"strategy"/,
    );
  });

  it('accepts every valid form of maxSessions', async () => {
    for (const maxSessions of [1, 3, Infinity, () => 2, async () => 2]) {
      const app = await startUp(SingleSessionModule.forRoot({ maxSessions }));
      await app.close();
    }
  });
});
