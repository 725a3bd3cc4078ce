import { UseGuards } from '@nestjs/common';
import { Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { SessionTrackerService } from 'nestjs-single-session';
import { TokenIssuer } from '../../jwt-app/token-issuer.js';
import { GqlJwtGuard, GqlSignedInGuard } from './graphql-auth.js';

/** The schema of the GraphQL app (schema first). */
export const TYPE_DEFS = `
  type Account { username: String!, handle: String! }
  type Query { me: Account!, token: Account! }
  type Mutation { touch: Boolean! }
`;

/** The account of the browser (`me`) or of the bearer token (`token`), and a public mutation. */
@Resolver()
export class AccountResolver {
  constructor(
    private readonly tracker: SessionTrackerService,
    private readonly tokens: TokenIssuer,
  ) {}

  @Query('me')
  @UseGuards(GqlSignedInGuard)
  me(@Context('req') req: any) {
    return { username: req.user.username, handle: this.tracker.handleOf(req.sessionID) };
  }

  @Query('token')
  @UseGuards(GqlJwtGuard)
  token(@Context('req') req: any) {
    return this.tokens.describe(req.user);
  }

  @Mutation('touch')
  touch() {
    return true;
  }
}
