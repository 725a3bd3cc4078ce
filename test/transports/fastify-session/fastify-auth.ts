import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Authenticator } from '@fastify/passport';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { userNamed, type AppUser } from '../../session-app/users.js';

/**
 * Login on Fastify: passport-local checks the password (through `@nestjs/passport`), then
 * `@fastify/passport`'s `request.logIn()` regenerates the session and keeps the user in it.
 */
@Injectable()
export class FastifyLoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest();
    await request.logIn(request.user);
    return true;
  }
}

/**
 * Registers `@fastify/passport` over the app's session plugin (`@fastify/session` or
 * `@fastify/secure-session`): the session keeps the username, and every request gets its user
 * back from it before the route runs.
 */
export async function usePassportSessions(app: NestFastifyApplication): Promise<void> {
  const passport = new Authenticator();
  passport.registerUserSerializer(async (user: AppUser) => user.username);
  passport.registerUserDeserializer(async (username: string) => userNamed(username) ?? null);
  await app.register(passport.initialize());
  await app.register(passport.secureSession());
}
