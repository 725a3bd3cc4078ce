import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { SingleSessionGuard } from 'nestjs-single-session';
import { JwtGuard } from './jwt-auth.js';
import { TokenIssuer } from './token-issuer.js';

/** A route that applies `SingleSessionGuard` after its auth guard, as an app with `global: false` does. */
@Controller('guarded')
export class GuardedTokenController {
  constructor(private readonly tokens: TokenIssuer) {}

  @Get('me')
  @UseGuards(JwtGuard, SingleSessionGuard)
  me(@Req() req: any) {
    return this.tokens.describe(req.user);
  }
}
