import {
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  type MessageEvent,
  Optional,
  Post,
  type Provider,
  Req,
  Sse,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { AuthGuard, AuthModuleOptions, PassportModule, PassportSerializer } from '@nestjs/passport';
import { createKeyv } from '@keyv/redis';
import { AllowMultiSession, SessionTrackerService, SingleSessionModule } from 'nestjs-single-session';
import { map, type Observable } from 'rxjs';
import { TRACKER_CLIENT_NAME, type BenchAppOptions } from './bench-app-options.js';
import { type BenchUser, LocalStrategy } from './local-strategy.js';
import { LoginFloor, type SignedInRequest } from './login-floor.js';

@Injectable()
class SessionSerializer extends PassportSerializer {
  serializeUser(user: BenchUser, done: (err: unknown, id?: unknown) => void) {
    done(null, user.id);
  }
  deserializeUser(id: string, done: (err: unknown, user?: unknown) => void) {
    done(null, { id });
  }
}

/** passport-local, then a server session (passport regenerates it); then the floor's work, in a floor app. */
@Injectable()
class LoginGuard extends AuthGuard('local') {
  constructor(@Optional() options?: AuthModuleOptions, @Optional() private readonly floor?: LoginFloor) {
    super(options);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<SignedInRequest & { logIn: Function }>();
    await super.logIn(req);
    await this.floor?.afterLogin(req);
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

/** Live sign-out, as the README's route: one `session-end` event when the session ends. */
@Controller()
class LiveSignOutController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Sse('session-end')
  @AllowMultiSession()
  sessionEnd(@Req() req: Record<string, unknown>): Observable<MessageEvent> {
    return this.tracker.watchRequest(req).pipe(map((notice) => ({ type: 'session-end', data: notice })));
  }
}

/** Registers the idle sessions before the app listens, and watches them when asked (see `BenchAppOptions.idleSessions`). */
function idleSessionsProvider({ idleSessions = 0, watchIdle = false }: BenchAppOptions): Provider {
  return {
    provide: 'BENCH_IDLE_SESSIONS',
    inject: [SessionTrackerService],
    useFactory: async (tracker: SessionTrackerService) => {
      for (let i = 0; i < idleSessions; i++) {
        await tracker.register({ id: `idle-${i}` }, { sessionId: `idle-session-${i}` });
        if (watchIdle) tracker.watch(`idle-${i}`, `idle-session-${i}`).subscribe();
      }
    },
  };
}

/**
 * The bench app: express-session + passport-local, a login route and a protected route; with
 * `SingleSessionModule` on its in-memory default, or with the tracker on Redis through the
 * app's `CacheModule` (a `@keyv/redis` store), or without the module. With the module, a live
 * sign-out route (`GET /session-end`) and, when asked, idle sessions and their watchers; without
 * it, when asked, the floor's work on every login (`LoginFloor`).
 */
export function benchAppModule(options: BenchAppOptions): DynamicModule {
  const imports: DynamicModule['imports'] = [PassportModule.register({ session: true })];
  if (options.tracker === 'redis') {
    imports.push(CacheModule.register({ isGlobal: true, stores: [createKeyv({ url: options.redisUrl, name: TRACKER_CLIENT_NAME })] }));
  }
  const withModule = options.tracker !== 'none';
  const floor: Provider[] = options.loginFloor ? [{ provide: LoginFloor, useFactory: () => LoginFloor.create(options.sessions === 'redis' ? options.redisUrl : undefined) }] : [];
  if (withModule) {
    imports.push(SingleSessionModule.forRoot(options.recheckInterval === undefined ? {} : { recheckInterval: options.recheckInterval }));
  }
  class BenchAppModule {}
  return {
    module: BenchAppModule,
    imports,
    controllers: withModule ? [BenchController, LiveSignOutController] : [BenchController],
    providers: [LocalStrategy, SessionSerializer, LoginGuard, SignedInGuard, ...floor, ...(withModule ? [idleSessionsProvider(options)] : [])],
  };
}
