import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { findUser, type User } from '../users.js';

/** Keeps the username in the session and reads the user back from it on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: User, done: (error: unknown, username?: string) => void): void {
    done(null, user.username);
  }

  deserializeUser(username: string, done: (error: unknown, user?: User | false) => void): void {
    done(null, findUser(username) ?? false);
  }
}
