import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ExecutionContext, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { locatedError } from 'graphql';
import { Reflector } from '@nestjs/core';
import { AllowMultiSession } from './allow-multi-session.decorator.js';
import { MemorySessionStorage } from './memory-session-storage.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SESSION_EVICTED_MESSAGES, SessionEvictedException } from './session-evicted.exception.js';
import { SessionRegistry } from './session-registry.js';
import { SessionTrackerService } from './session-tracker.service.js';
import { SingleSessionGuard, type RequestResponse } from './single-session.guard.js';
import { resolveOptions } from './single-session-options.js';

/** The guard's constructor arguments, wired as the module wires them, over a real cache. */
function dependencies() {
  const options = resolveOptions({});
  const registry = new SessionRegistry(options, new MemorySessionStorage(options.memoryLimit, options.ttl));
  const enforcer = new SessionEnforcer(options, registry);
  const tracker = new SessionTrackerService(registry, enforcer);
  return { tracker, args: [options, new Reflector(), registry, enforcer] as const };
}

class Handlers {
  handle() {}
}

/**
 * A fake execution context of `type` whose arguments are `args` (HTTP: the request; RPC: the
 * data; ws: the client; GraphQL: root, args, context, info).
 */
function contextOf(type: string, arg: unknown, handler: () => void = Handlers.prototype.handle, controller: Function = Handlers, args: unknown[] = [arg]): ExecutionContext {
  const host = { getRequest: () => arg, getResponse: () => undefined, getData: () => arg, getContext: () => ({}), getClient: () => arg };
  return {
    getType: () => type,
    getHandler: () => handler,
    getClass: () => controller,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => host,
    switchToRpc: () => host,
    switchToWs: () => host,
  } as unknown as ExecutionContext;
}

/** A GraphQL resolver's context: the request is the `req` of the GraphQL context; `operation` the operation's type. */
const graphqlContext = (req: object, operation = 'query') => contextOf('graphql', undefined, undefined, undefined, [{}, {}, { req }, { operation: { operation } }]);

/** A gateway message's context: the client's handshake request is `client.request`. */
const gatewayContext = (request: object | undefined) => contextOf('ws', { request });

/** A JWT payload of alice: a token session. */
const token = (jti: string, iat: number) => ({ sub: 1, jti, iat });

/** The guard adapted to RPC, as the README's recipe shows: the message data carries `user`. */
class RpcSingleSessionGuard extends SingleSessionGuard {
  protected override getRequestResponse(context: ExecutionContext): RequestResponse | undefined {
    return { req: context.switchToRpc().getData() };
  }
}

describe('SingleSessionGuard outside HTTP', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lets a microservice (rpc) context pass, untracked', async () => {
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    for (const jti of ['older', 'newer', 'older']) {
      await expect(Promise.resolve(guard.canActivate(contextOf('rpc', { user: token(jti, jti === 'older' ? 1000 : 2000) })))).resolves.toBe(true);
    }
    expect(await deps.tracker.list(1)).toEqual([]);
  });

  it('checks RPC messages in a subclass that overrides getRequestResponse', async () => {
    const deps = dependencies();
    const guard = new RpcSingleSessionGuard(...deps.args);
    await expect(Promise.resolve(guard.canActivate(contextOf('rpc', { user: token('older', 1000) })))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(contextOf('rpc', { user: token('newer', 2000) })))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(contextOf('rpc', { user: token('older', 1000) })))).rejects.toBeInstanceOf(SessionEvictedException);
    expect((await deps.tracker.list(1)).map((session) => session.handle)).toEqual([deps.tracker.handleOf('newer')]);
  });

  it('checks GraphQL resolvers through the req of the GraphQL context, and refuses with an error whose extensions say SESSION_EVICTED', async () => {
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    await expect(Promise.resolve(guard.canActivate(graphqlContext({ headers: {}, user: token('older', 1000) })))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(graphqlContext({ headers: {}, user: token('newer', 2000) })))).resolves.toBe(true);
    const refusal = await Promise.resolve(guard.canActivate(graphqlContext({ headers: {}, user: token('older', 1000) }))).catch((error: unknown) => error);
    // graphql-js keeps the extensions of an error thrown in a resolver.
    const located = locatedError(refusal, undefined);
    expect(located.extensions).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', status: 401 });
    expect(located.message).toBe(SESSION_EVICTED_MESSAGES['newer-login']);
  });

  it('checks gateway messages through the client\'s handshake request, and refuses with a WsException coded SESSION_EVICTED', async () => {
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    const older = { headers: {}, user: token('older', 1000) };
    await expect(Promise.resolve(guard.canActivate(gatewayContext(older)))).resolves.toBe(true);
    await guard.canActivate(gatewayContext({ headers: {}, user: token('newer', 2000) }));
    // The same client (and handshake request) sends its next message.
    const refusal = await Promise.resolve(guard.canActivate(gatewayContext(older))).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WsException);
    expect((refusal as WsException).getError()).toMatchObject({ statusCode: 401, code: 'SESSION_EVICTED', reason: 'newer-login' });
  });

  it('lets a gateway message whose client has no handshake request pass, and says once how to give it one', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    for (let i = 0; i < 2; i++) await expect(Promise.resolve(guard.canActivate(gatewayContext(undefined)))).resolves.toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/client\.request.*handleConnection/);
  });
});

describe('SingleSessionGuard over HTTP', () => {
  it('lets anonymous requests and requests with no session id pass, untracked (and says so once)', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    await expect(Promise.resolve(guard.canActivate(contextOf('http', { headers: {} })))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(contextOf('http', { headers: {}, user: { sub: 1 } })))).resolves.toBe(true);
    expect(await deps.tracker.list(1)).toEqual([]);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/no session id/);
    vi.restoreAllMocks();
  });

  it('neither checks nor counts @AllowMultiSession handlers, unless the handler says @AllowMultiSession(false)', async () => {
    @AllowMultiSession()
    class Exempt {
      open() {}
      @AllowMultiSession(false)
      checked() {}
    }
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    const request = (jti: string, handler: () => void) => contextOf('http', { headers: {}, user: token(jti, jti === 'older' ? 1000 : 2000) }, handler, Exempt);
    await guard.canActivate(request('newer', Exempt.prototype.open));
    expect(await deps.tracker.list(1)).toEqual([]);
    await guard.canActivate(request('older', Exempt.prototype.checked));
    await guard.canActivate(request('newer', Exempt.prototype.checked));
    await expect(Promise.resolve(guard.canActivate(request('older', Exempt.prototype.open)))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(request('older', Exempt.prototype.checked)))).rejects.toBeInstanceOf(SessionEvictedException);
  });
});
