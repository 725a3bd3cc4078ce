import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession } from 'nestjs-single-session';
import { JwtGuard, PasswordGuard } from '../../jwt-app/jwt-auth.js';
import { TokenIssuer } from '../../jwt-app/token-issuer.js';

/**
 * The API of a mobile app beside the web pages: bearer tokens, as the README's JWT recipe says.
 * Its login route is `@AllowMultiSession()`: it authenticates with a password, not with the
 * browser's session (which the session middleware still gives it), and `register()` checks the
 * new token.
 */
@Controller('api')
export class ApiController {
  constructor(private readonly tokens: TokenIssuer) {}

  @Post('login')
  @HttpCode(200)
  @AllowMultiSession()
  @UseGuards(PasswordGuard)
  login(@Req() req: any) {
    return this.tokens.login(req.user, req);
  }

  @Get('me')
  @UseGuards(JwtGuard)
  me(@Req() req: any) {
    return this.tokens.describe(req.user);
  }
}
