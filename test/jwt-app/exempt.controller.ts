import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession } from 'nestjs-single-session';
import { JwtGuard } from './jwt-auth.js';
import { TokenIssuer } from './token-issuer.js';

/** Exempt as a whole (`@AllowMultiSession()` on the class) but for `checked` (`@AllowMultiSession(false)`). */
@Controller('exempt')
@AllowMultiSession()
@UseGuards(JwtGuard)
export class ExemptTokenController {
  constructor(private readonly tokens: TokenIssuer) {}

  @Get('open')
  open(@Req() req: any) {
    return this.tokens.describe(req.user);
  }

  @Get('checked')
  @AllowMultiSession(false)
  checked(@Req() req: any) {
    return this.tokens.describe(req.user);
  }
}
