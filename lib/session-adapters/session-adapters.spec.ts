import { describe, expect, it } from 'vitest';
import { adapterOfSession, defaultSessionId, sessionAdapterOf, stampedSessionOf } from './session-adapters.js';
import { expressSessionAdapter } from './express-session.adapter.js';
import { fastifySessionAdapter } from './fastify-session.adapter.js';
import { secureSessionAdapter } from './secure-session.adapter.js';
import { tokenAdapter } from './token.adapter.js';

/** A request as express-session leaves it. */
const express = (extra: object = {}) => ({ headers: {}, session: { cookie: {} }, sessionID: 'express-id', sessionStore: {}, ...extra });
/** A request as `@fastify/session` leaves it (its session exposes `sessionId` as a getter). */
const fastify = (extra: object = {}) => ({
  headers: {},
  session: { cookie: {}, get sessionId() { return 'fastify-id'; } },
  sessionStore: {},
  ...extra,
});
/** A request as `@fastify/secure-session` leaves it (fields of the data beside `changed` and `deleted`). */
const secure = (data: Record<string, unknown> = {}, extra: object = {}) => ({
  headers: {},
  session: { changed: false, deleted: false, ...data, regenerate() {} },
  ...extra,
});
const token = { sub: 1, jti: 'token-id' };

describe('sessionAdapterOf', () => {
  it('finds the cookie session of each library', () => {
    expect(sessionAdapterOf(express(), { id: 1 })).toBe(expressSessionAdapter);
    expect(sessionAdapterOf(fastify(), { id: 1 })).toBe(fastifySessionAdapter);
    expect(sessionAdapterOf(secure(), { id: 1 })).toBe(secureSessionAdapter);
    expect(stampedSessionOf({ headers: {}, session: {} })).toBeUndefined();
  });

  it('takes a bearer request whose user carries a token claim as that token, even with a session mounted', () => {
    for (const req of [express(), fastify(), secure()]) {
      expect(sessionAdapterOf({ ...req, headers: { authorization: 'Bearer abc' } }, token)).toBe(tokenAdapter);
      expect(sessionAdapterOf({ ...req, headers: { authorization: 'bearer abc' } }, token)).toBe(tokenAdapter);
      // The cookie authenticated this user (no bearer header, or a user without a claim): the session's.
      expect(sessionAdapterOf(req, token)).not.toBe(tokenAdapter);
      expect(sessionAdapterOf({ ...req, headers: { authorization: 'Bearer abc' } }, { id: 1 })).not.toBe(tokenAdapter);
    }
    expect(sessionAdapterOf({ headers: { authorization: 'Basic abc' } }, token)).toBe(tokenAdapter);
  });

  it('falls back to the claims of the user, else finds none', () => {
    expect(sessionAdapterOf({ headers: {} }, token)).toBe(tokenAdapter);
    expect(sessionAdapterOf({ headers: {} }, { id: 1 })).toBeUndefined();
  });
});

describe('defaultSessionId', () => {
  it('reads the id of the session that authenticated the request', () => {
    expect(defaultSessionId(express({ user: { sid: 's', jti: 'j' } }))).toBe('express-id');
    expect(defaultSessionId(express({ user: token, headers: { authorization: 'Bearer x' } }))).toBe('token-id');
    expect(defaultSessionId(fastify({ user: { id: 1 } }))).toBe('fastify-id');
    expect(defaultSessionId({ user: { sid: 's', jti: 'j' } })).toBe('s');
    expect(defaultSessionId({ user: { jti: 'j' } })).toBe('j');
  });

  it('gives a signed-in secure-session cookie an id of its own, once, kept in its stamp', () => {
    const req: any = secure({}, { user: { id: 1 } });
    const id = defaultSessionId(req);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.session.singleSession).toEqual({ id });
    expect(defaultSessionId(req)).toBe(id);
    expect(defaultSessionId(secure())).toBeUndefined();
  });

  it('finds none without a session or a claim', () => {
    for (const req of [{}, { user: {} }, { user: { jti: '' } }, { user: { jti: 42 } }, { sessionID: 'no-session-object' }, undefined]) {
      expect(defaultSessionId(req)).toBeUndefined();
    }
  });
});

describe('adapterOfSession', () => {
  it('is the request\'s own session adapter when the id is its id, else the token adapter', () => {
    expect(adapterOfSession(express(), { id: 1 }, 'express-id')).toBe(expressSessionAdapter);
    expect(adapterOfSession(express(), { id: 1 }, 'custom-id')).toBe(tokenAdapter);
  });
});

describe('stamped sessions', () => {
  it('are at their login until stamped for the account, and keep their store and expiry as facts', () => {
    const expires = new Date(Date.now() + 60_000);
    const req: any = express({ session: { cookie: { expires } } });
    expect(expressSessionAdapter.isLogin(req, '1')).toBe(true);
    expressSessionAdapter.stampLogin(req, '1', 1234);
    expect(expressSessionAdapter.isLogin(req, '1')).toBe(false);
    expect(expressSessionAdapter.isLogin(req, '2')).toBe(true);
    expect(expressSessionAdapter.facts(req, {}, '1')).toMatchObject({ loginAt: 1234, expiresAt: expires.getTime(), store: req.sessionStore });
    expect(expressSessionAdapter.facts(req, {}, '2')).toMatchObject({ loginAt: undefined, previousUserId: '1' });
    expect(secureSessionAdapter.facts(secure(), {}, '1').store).toBeUndefined();
  });

  it('sign out in place: the data go, the notice stays', () => {
    const req: any = fastify();
    req.session.passport = { user: 'alice' };
    fastifySessionAdapter.signOut(req, { reason: 'newer-login', endedAt: 5 }, false);
    expect(req.session.passport).toBeUndefined();
    expect(fastifySessionAdapter.readStamp(req)).toEqual({ ended: { reason: 'newer-login', endedAt: 5, reported: false } });
  });
});
