import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { BENCH_PASSWORD } from './bench-app-options.js';

/** A bench account: any username, with the bench password. */
export interface BenchUser {
  id: string;
}

/** passport-local: any username signs in with the bench password, as the account of that id. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): BenchUser {
    if (password !== BENCH_PASSWORD) throw new UnauthorizedException();
    return { id: username };
  }
}
