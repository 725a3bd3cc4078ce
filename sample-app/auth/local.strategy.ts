import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { checkCredentials, type User } from '../users.js';
import { SignInRequiredException } from './sign-in-required.exception.js';

/** passport-local: username and password from the form or the JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): User {
    const user = checkCredentials(username, password);
    if (!user) throw new SignInRequiredException('Wrong username or password.');
    return user;
  }
}
