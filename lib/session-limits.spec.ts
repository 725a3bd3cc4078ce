import { describe, expect, it } from 'vitest';
import { deviceClassOf, isLimitProblem, limitOf } from './session-limits.js';
import { resolveOptions } from './single-session-options.js';

const byAgent = (req: { headers?: Record<string, unknown> }) => (String(req.headers?.['user-agent']).includes('Mobile') ? 'mobile' : 'web');

/** The problem `promise` rejects with. */
async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(isLimitProblem(error)).toBe(true);
  return error as { kind: string; problem: string };
}

describe('limitOf', () => {
  it('reads a number, a function of the user, and limits per class', async () => {
    expect(await limitOf(resolveOptions({ maxSessions: 2 }), {}, undefined)).toBe(2);
    expect(await limitOf(resolveOptions({ maxSessions: 2, deviceClass: byAgent }), {}, 'web')).toBe(2);
    expect(await limitOf(resolveOptions({ maxSessions: (user: { plan: string }) => (user.plan === 'family' ? 3 : 1) }), { plan: 'family' }, undefined)).toBe(3);
    const perClass = resolveOptions({ maxSessions: { web: 1, mobile: Infinity }, deviceClass: byAgent });
    expect(await limitOf(perClass, {}, 'mobile')).toBe(Infinity);
    const perPlan = resolveOptions({ maxSessions: async () => ({ web: 2, mobile: 1 }), deviceClass: byAgent });
    expect(await limitOf(perPlan, {}, 'web')).toBe(2);
  });

  it('names the problem of a class the limits do not name (own properties only), a bad answer, a throw, a missing classifier', async () => {
    const perClass = resolveOptions({ maxSessions: { web: 1 }, deviceClass: byAgent });
    expect((await problemOf(limitOf(perClass, {}, 'tablet'))).problem).toContain("device class 'tablet'");
    expect((await problemOf(limitOf(perClass, {}, 'toString'))).problem).toContain("device class 'toString'");
    expect((await problemOf(limitOf(resolveOptions({ maxSessions: () => 0 }), {}, undefined))).kind).toBe('maxSessions');
    expect((await problemOf(limitOf(resolveOptions({ maxSessions: () => { throw new Error('db down'); } }), {}, undefined))).problem).toContain('db down');
    expect((await problemOf(limitOf(resolveOptions({ maxSessions: () => ({ web: 1 }) }), {}, undefined))).kind).toBe('deviceClass');
  });
});

describe('deviceClassOf', () => {
  it('asks the classifier, or gives no class without one', () => {
    const options = resolveOptions({ deviceClass: byAgent });
    expect(deviceClassOf(options, { headers: { 'user-agent': 'x Mobile y' } }, {})).toBe('mobile');
    expect(deviceClassOf(resolveOptions({}), {}, {})).toBeUndefined();
  });

  it.each([['', 'an empty name'], ['x'.repeat(65), 'a long name'], [42, 'a number']] as [unknown, string][])('refuses %j (%s)', (answer) => {
    const options = resolveOptions({ deviceClass: () => answer as string });
    expect(() => deviceClassOf(options, {}, {})).toThrow(expect.objectContaining({ kind: 'deviceClass' }));
  });

  it('turns a throwing classifier into a problem', () => {
    const options = resolveOptions({ deviceClass: () => { throw new Error('bad header'); } });
    expect(() => deviceClassOf(options, {}, {})).toThrow(expect.objectContaining({ problem: expect.stringContaining('bad header') }));
  });
});
