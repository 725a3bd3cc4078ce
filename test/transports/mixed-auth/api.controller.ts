import { Controller } from '@nestjs/common';
import { JwtController } from '../../jwt-app/jwt.controller.js';

/**
 * The API of a mobile app beside the web pages: the JWT app's routes (the README's JWT recipe)
 * under `/api`. Its login route is `@AllowMultiSession()`: it authenticates with a password,
 * not with the session the session middleware still gives the request, and `register()` checks
 * the new token.
 */
@Controller('api')
export class ApiController extends JwtController {}
