import { describe, expect, it } from 'vitest';
import { appliedLimitOf, deviceClassOf, isLimitProblem } from './session-limits.js';
import { resolveOptions } from './single-session-options.js';

const byAgent = (req: { headers?: Record<string, unknown> }) => (String(req.headers?.['user-agent']).includes('Mobile') ? 'mobile' : 'web');

/** The problem `promise` rejects with. */
async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(isLimitProblem(error)).toBe(true);
  return error as { kind: string; problem: string };
}

/** A classifier that names `name`, or fails the test if it is asked when it should not be. */
const named = (name: string | undefined) => () => name;
const notAsked = () => {
  throw new Error('the classifier was asked for an account-wide limit');
};

describe('appliedLimitOf', () => {
  it('a number limits the whole account (the class is not asked); limits per class come with the class the session would register with', async () => {
    expect(await appliedLimitOf(resolveOptions({ maxSessions: 2 }), {}, notAsked)).toEqual({ limit: 2 });
    const perPlan = resolveOptions({ maxSessions: (user: { plan: string }) => (user.plan === 'family' ? 3 : { web: 1, mobile: Infinity }), deviceClass: byAgent });
    expect(await appliedLimitOf(perPlan, { plan: 'family' }, notAsked)).toEqual({ limit: 3 });
    expect(await appliedLimitOf(perPlan, { plan: 'solo' }, named('mobile'))).toEqual({ limit: { web: 1, mobile: Infinity }, deviceClass: 'mobile' });
    expect(await appliedLimitOf(perPlan, { plan: 'solo' }, named(undefined))).toEqual({ limit: { web: 1, mobile: Infinity }, deviceClass: undefined });
  });

  it('names the problem of a bad answer, a throw, limits per class without a classifier', async () => {
    expect((await problemOf(appliedLimitOf(resolveOptions({ maxSessions: () => 0 }), {}, notAsked))).kind).toBe('maxSessions');
    expect((await problemOf(appliedLimitOf(resolveOptions({ maxSessions: () => { throw new Error('db down'); } }), {}, notAsked))).problem).toContain('db down');
    expect((await problemOf(appliedLimitOf(resolveOptions({ maxSessions: () => ({ web: 1 }) }), {}, notAsked))).kind).toBe('deviceClass');
  });
});

describe('deviceClassOf', () => {
  it('asks the classifier, or gives no class without one', () => {
    const options = resolveOptions({ maxSessions: { web: 1, mobile: 1 }, deviceClass: byAgent });
    expect(deviceClassOf(options, { headers: { 'user-agent': 'x Mobile y' } }, {})).toBe('mobile');
    expect(deviceClassOf(resolveOptions({}), {}, {})).toBeUndefined();
  });

  it.each([['', 'an empty name'], ['x'.repeat(65), 'a long name'], [42, 'a number']] as [unknown, string][])('refuses %j (%s)', (answer) => {
    const options = resolveOptions({ maxSessions: { web: 1 }, deviceClass: () => answer as string });
    expect(() => deviceClassOf(options, {}, {})).toThrow(expect.objectContaining({ kind: 'deviceClass' }));
  });

  it('turns a throwing classifier into a problem', () => {
    const options = resolveOptions({ maxSessions: { web: 1 }, deviceClass: () => { throw new Error('bad header'); } });
    expect(() => deviceClassOf(options, {}, {})).toThrow(expect.objectContaining({ problem: expect.stringContaining('bad header') }));
  });
});
