import { describe, expect, it } from 'vitest';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AllowMultiSession } from './allow-multi-session.decorator.js';
import { MemorySessionStorage } from './memory-session-storage.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionEvictedException } from './session-evicted.exception.js';
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

/** A fake execution context of `type` whose one argument (request, RPC data, socket…) is `arg`. */
function contextOf(type: string, arg: unknown, handler: () => void = Handlers.prototype.handle, controller: Function = Handlers): ExecutionContext {
  const host = { getRequest: () => arg, getResponse: () => undefined, getData: () => arg, getContext: () => ({}), getClient: () => arg };
  return {
    getType: () => type,
    getHandler: () => handler,
    getClass: () => controller,
    getArgs: () => [arg],
    getArgByIndex: () => arg,
    switchToHttp: () => host,
    switchToRpc: () => host,
    switchToWs: () => host,
  } as unknown as ExecutionContext;
}

/** A JWT payload of alice: a token session. */
const token = (jti: string, iat: number) => ({ sub: 1, jti, iat });

/** The guard adapted to RPC, as the README's recipe shows: the message data carries `user`. */
class RpcSingleSessionGuard extends SingleSessionGuard {
  protected override getRequestResponse(context: ExecutionContext): RequestResponse | undefined {
    return { req: context.switchToRpc().getData() };
  }
}

describe('SingleSessionGuard outside HTTP', () => {
  it.each(['rpc', 'ws', 'graphql'])('lets a %s context pass, untracked', async (type) => {
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    for (const jti of ['older', 'newer', 'older']) {
      await expect(Promise.resolve(guard.canActivate(contextOf(type, { user: token(jti, jti === 'older' ? 1000 : 2000) })))).resolves.toBe(true);
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
});

describe('SingleSessionGuard over HTTP', () => {
  it('lets anonymous requests and requests with no session id pass, untracked', async () => {
    const deps = dependencies();
    const guard = new SingleSessionGuard(...deps.args);
    await expect(Promise.resolve(guard.canActivate(contextOf('http', { headers: {} })))).resolves.toBe(true);
    await expect(Promise.resolve(guard.canActivate(contextOf('http', { headers: {}, user: { sub: 1 } })))).resolves.toBe(true);
    expect(await deps.tracker.list(1)).toEqual([]);
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
