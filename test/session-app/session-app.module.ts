import {
  Controller,
  type DynamicModule,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Module,
  Param,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import { AuthGuard, PassportModule, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AllowMultiSession, SessionTrackerService, SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { checkPassword, USERS, type DemoUser } from './users.js';

@Injectable()
class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): DemoUser {
    const user = checkPassword(username, password);
    if (!user) throw new UnauthorizedException('Wrong username or password');
    return user;
  }
}

@Injectable()
class SessionSerializer extends PassportSerializer {
  serializeUser(user: DemoUser, done: (err: unknown, id?: unknown) => void) {
    done(null, user.username);
  }
  deserializeUser(username: string, done: (err: unknown, user?: unknown) => void) {
    done(null, USERS.find((user) => user.username === username) ?? false);
  }
}

/** Authenticates with passport-local, then opens a server session (passport regenerates it). */
@Injectable()
class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return true;
  }
}

/** Lets through requests with a signed-in user, as an app's own auth check would. */
@Injectable()
class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest().user) throw new UnauthorizedException();
    return true;
  }
}

@Controller()
class SessionController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: any) {
    return this.describe(req);
  }

  @Get('me')
  @UseGuards(SignedInGuard)
  me(@Req() req: any) {
    return this.describe(req);
  }

  @Get('multi')
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  multi(@Req() req: any) {
    return this.describe(req);
  }

  @Get('public')
  open() {
    return { ok: true };
  }

  @Get('sessions')
  @UseGuards(SignedInGuard)
  async sessions(@Req() req: any) {
    const current = this.tracker.handleOf(req.sessionID);
    const sessions = await this.tracker.list(req.user.id);
    return sessions.map((session) => ({ ...session, current: session.handle === current }));
  }

  @Post('sessions/:handle/revoke')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revoke(@Req() req: any, @Param('handle') handle: string) {
    return { revoked: await this.tracker.revoke(req.user.id, handle) };
  }

  @Post('sessions/revoke-others')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revokeOthers(@Req() req: any) {
    return { revoked: await this.tracker.revokeOthers(req.user.id, req.sessionID) };
  }

  @Post('sessions/revoke-all')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revokeAll(@Req() req: any) {
    return { revoked: await this.tracker.revokeAll(req.user.id) };
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async logout(@Req() req: any) {
    await new Promise<void>((resolve, reject) => req.logout((error: unknown) => (error ? reject(error) : resolve())));
    return { ok: true };
  }

  private describe(req: any) {
    return {
      id: req.user.id,
      username: req.user.username,
      handle: this.tracker.handleOf(req.sessionID),
      loginAt: req.session.singleSession?.loginAt,
    };
  }
}

/** An express-session + passport-local app with the module configured by `options`. */
export class SessionAppModule {
  static with(options: SingleSessionModuleOptions = {}): DynamicModule {
    @Module({
      imports: [PassportModule.register({ session: true }), SingleSessionModule.forRoot(options)],
      controllers: [SessionController],
      providers: [LocalStrategy, SessionSerializer, LoginGuard, SignedInGuard],
    })
    class AppModule {}
    return { module: AppModule };
  }
}
