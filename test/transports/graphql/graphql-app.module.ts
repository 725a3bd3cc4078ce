import type { DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { SingleSessionModuleOptions } from 'nestjs-single-session';
import { MixedAuthAppModule } from '../mixed-auth/mixed-auth-app.module.js';
import { AccountResolver, TYPE_DEFS } from './account.resolver.js';
import { GqlJwtGuard, GqlSignedInGuard } from './graphql-auth.js';

/** The mixed cookie + bearer app with a GraphQL API at `/graphql` (Apollo, Express). */
export function graphqlApp(options: SingleSessionModuleOptions = {}): DynamicModule {
  return MixedAuthAppModule.with(options, {
    imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, typeDefs: TYPE_DEFS, path: '/graphql' })],
    providers: [AccountResolver, GqlSignedInGuard, GqlJwtGuard],
  });
}
