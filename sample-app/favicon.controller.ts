import { Controller, Get, Redirect } from '@nestjs/common';

/** Clients that ask for `/favicon.ico` (the pages link the SVG) get the same icon. */
@Controller()
export class FaviconController {
  @Get('favicon.ico')
  @Redirect('/assets/favicon.svg', 301)
  favicon(): void {}
}
