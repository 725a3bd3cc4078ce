import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';

/** The request of a resolver: the `req` of the GraphQL context. */
const requestOf = (context: ExecutionContext) => GqlExecutionContext.create(context).getContext().req;

/** Lets through resolvers of a signed-in browser (passport restored `req.user` from its session). */
@Injectable()
export class GqlSignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!requestOf(context).user) throw new UnauthorizedException();
    return true;
  }
}

/** passport-jwt for resolvers: the bearer token of the GraphQL request. */
@Injectable()
export class GqlJwtGuard extends AuthGuard('jwt') {
  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }
}
