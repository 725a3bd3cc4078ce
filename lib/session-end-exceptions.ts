import { type HttpException, IntrinsicException } from '@nestjs/common';
import { SessionEvictedException } from './session-evicted.exception.js';
import { SessionLimitExceededException } from './session-limit-exceeded.exception.js';
import type { SessionEndNotice } from './session-record.interface.js';

/** Why a request's session does not hold its account: what the client is told. */
export interface SessionRefusal {
  /** The session's end notice. */
  notice: SessionEndNotice;
  /** The account's limit, for a refused login. */
  maxSessions?: number;
}

/** The HTTP exception for a refusal: 403 `SESSION_LIMIT_REACHED` for a refused login, else 401 `SESSION_EVICTED`. */
export function httpExceptionFor({ notice, maxSessions }: SessionRefusal): HttpException {
  return notice.reason === 'limit' ? new SessionLimitExceededException(maxSessions, notice.endedAt) : new SessionEvictedException(notice);
}

/**
 * A refusal thrown in a resolver. graphql-js turns an error thrown in a resolver into a GraphQL
 * error that keeps its `extensions`, so the client reads `extensions.code: 'SESSION_EVICTED'`;
 * and it is an `IntrinsicException`, so Nest does not log it as a failure of the app (a
 * `GraphQLError` it would log, with its stack, at every refusal).
 */
class GraphQLRefusal extends IntrinsicException {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The exception that tells a client of `transport` (Nest's `context.getType()`) about an
 * HTTP exception of this library: in GraphQL an error whose `extensions` carry the body and
 * the status (`extensions.code: 'SESSION_EVICTED'`…), in gateways a `WsException` with the
 * body (when `@nestjs/websockets` is installed); the HTTP exception itself otherwise.
 */
export async function exceptionForTransport(transport: string, exception: HttpException): Promise<Error> {
  const body = exception.getResponse() as Record<string, unknown> & { message: string };
  if (transport === 'graphql') return new GraphQLRefusal(body.message, { ...body, status: exception.getStatus() });
  if (transport === 'ws') {
    const websockets = await optionalImport<{ WsException: new (error: object) => Error }>('@nestjs/websockets');
    if (websockets) return new websockets.WsException(body);
  }
  return exception;
}

/** An optional peer package, or `undefined` when the app does not have it. */
async function optionalImport<T>(name: string): Promise<T | undefined> {
  try {
    return (await import(name)) as T;
  } catch {
    return undefined;
  }
}
