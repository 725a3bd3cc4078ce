import type { HttpException } from '@nestjs/common';
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
 * The exception that tells a client of `transport` (Nest's `context.getType()`) about an
 * HTTP exception of this library: for GraphQL a `GraphQLError` whose `extensions` carry the
 * body (`extensions.code: 'SESSION_EVICTED'`…), for WebSockets a `WsException` with the body;
 * the HTTP exception itself otherwise, or when that transport's package is not installed.
 */
export async function exceptionForTransport(transport: string, exception: HttpException): Promise<Error> {
  const body = exception.getResponse() as Record<string, unknown> & { message: string };
  if (transport === 'graphql') {
    const graphql = await optionalImport<{ GraphQLError: new (message: string, options: object) => Error }>('graphql');
    if (graphql) return new graphql.GraphQLError(body.message, { extensions: { ...body, status: exception.getStatus() } });
  }
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
