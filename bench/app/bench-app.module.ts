import {
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { AuthGuard, PassportModule, PassportSerializer } from '@nestjs/passport';
import { createKeyv } from '@keyv/redis';
import { SingleSessionModule } from 'nestjs-single-session';
import { TRACKER_CLIENT_NAME, type BenchAppOptions } from './bench-app-options.js';
import { type BenchUser, LocalStrategy } from './local-strategy.js';

@Injectable()
class SessionSerializer extends PassportSerializer {
  serializeUser(user: BenchUser, done: (err: unknown, id?: unknown) => void) {
    done(null, user.id);
  }
  deserializeUser(id: string, done: (err: unknown, user?: unknown) => void) {
    done(null, { id });
  }
}

/** passport-local, then a server session (passport regenerates it). */
@Injectable()
class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return true;
  }
}

/** The app's own "signed in?" check. */
@Injectable()
class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest().user) throw new UnauthorizedException();
    return true;
  }
}

@Controller()
class BenchController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: { user: BenchUser }) {
    return { id: req.user.id };
  }

  /** The protected route the load runs against. */
  @Get('me')
  @UseGuards(SignedInGuard)
  me(@Req() req: { user: BenchUser }) {
    return { id: req.user.id };
  }
}

/**
 * The bench app: express-session + passport-local, a login route and a protected route; with
 * `SingleSessionModule` on its in-memory default, or with the tracker on Redis through the
 * app's `CacheModule` (a `@keyv/redis` store), or without the module.
 */
export function benchAppModule(options: BenchAppOptions): DynamicModule {
  const imports: DynamicModule['imports'] = [PassportModule.register({ session: true })];
  if (options.tracker === 'redis') {
    imports.push(CacheModule.register({ isGlobal: true, stores: [createKeyv({ url: options.redisUrl, name: TRACKER_CLIENT_NAME })] }));
  }
  if (options.tracker !== 'none') {
    imports.push(SingleSessionModule.forRoot(options.recheckInterval === undefined ? {} : { recheckInterval: options.recheckInterval }));
  }
  class BenchAppModule {}
  return {
    module: BenchAppModule,
    imports,
    controllers: [BenchController],
    providers: [LocalStrategy, SessionSerializer, LoginGuard, SignedInGuard],
  };
}
